package io.castellan.usage;

import io.castellan.access.Allowed;
import io.castellan.access.Role;
import io.castellan.platform.ProblemException;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Tokens and cost of a process's model calls, summed per day (UTC) and model. */
@Path("processes/{name}/usage")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    static final int LONGEST_RANGE_DAYS = 366;

    /**
     * @param cost_usd      the sum over the calls whose model has a price
     * @param unpriced_calls calls whose model has no price, counted in tokens but not in cost
     */
    public record Totals(long model_calls, long input_tokens, long output_tokens, long cached_tokens, long cache_write_tokens,
                         BigDecimal cost_usd, long unpriced_calls) {

        static final Totals ZERO = new Totals(0, 0, 0, 0, 0, BigDecimal.ZERO, 0);

        Totals plus(ModelCall c) {
            return new Totals(model_calls + 1, input_tokens + c.inputTokens(), output_tokens + c.outputTokens(),
                    cached_tokens + c.cachedTokens(), cache_write_tokens + c.cacheWriteTokens(),
                    c.costUsd() == null ? cost_usd : cost_usd.add(c.costUsd()), unpriced_calls + (c.costUsd() == null ? 1 : 0));
        }
    }

    public record DayUsage(LocalDate date, String model, Totals usage) {
    }

    public record UsageReport(String process, LocalDate from, LocalDate to, List<DayUsage> days, Totals total) {
    }

    @Inject
    private UsageLedger ledger;

    @Inject
    private Processes processes;

    @GET
    @Allowed(Role.VIEWER)
    public UsageReport usage(@PathParam("name") String name, @QueryParam("from") String from, @QueryParam("to") String to) {
        processes.require(name);
        LocalDate last = to == null ? LocalDate.now(ZoneOffset.UTC) : date("to", to);
        LocalDate first = from == null ? last.minusDays(29) : date("from", from);
        if (first.isAfter(last)) {
            throw ProblemException.invalid("from", "must not be after to (" + last + ")");
        }
        if (first.plusDays(LONGEST_RANGE_DAYS).isBefore(last)) {
            throw ProblemException.invalid("from", "the range may span at most " + LONGEST_RANGE_DAYS + " days");
        }
        Map<LocalDate, Map<String, Totals>> byDay = new TreeMap<>();
        Totals total = Totals.ZERO;
        for (ModelCall call : ledger.between(name, first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())) {
            byDay.computeIfAbsent(call.at().atZone(ZoneOffset.UTC).toLocalDate(), d -> new TreeMap<>())
                    .merge(call.model(), Totals.ZERO.plus(call), (a, b) -> a.plus(call));
            total = total.plus(call);
        }
        List<DayUsage> days = new ArrayList<>();
        byDay.forEach((day, models) -> models.forEach((model, totals) -> days.add(new DayUsage(day, model, totals))));
        return new UsageReport(name, first, last, days, total);
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be a date as YYYY-MM-DD, got '" + value + "'");
        }
    }
}
