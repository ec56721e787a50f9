package io.castellan.invocation;

import io.castellan.access.Allowed;
import io.castellan.access.Role;
import io.castellan.budget.Spending;
import io.castellan.platform.ProblemException;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A process's invocations and cost per UTC day, every day of the range listed (zero when idle):
 * what the console charts.
 */
@Path("processes/{name}/activity")
@Produces(MediaType.APPLICATION_JSON)
public class ProcessActivityResource {

    static final int DEFAULT_DAYS = 14;
    static final int MOST_DAYS = 366;

    /**
     * @param invocations queued that day, whatever became of them
     * @param cost_usd    priced model calls and tool calls made that day
     */
    public record DayActivity(LocalDate date, long invocations, long completed, long failed, BigDecimal cost_usd) {
    }

    public record ActivityView(String process, LocalDate from, LocalDate to, List<DayActivity> days) {
    }

    @Inject
    private Invocations invocations;

    @Inject
    private Spending spending;

    @Inject
    private Processes processes;

    @GET
    @Allowed(Role.VIEWER)
    @Transactional
    public ActivityView activity(@PathParam("name") String name, @QueryParam("days") String days) {
        processes.require(name);
        int count = dayCount(days);
        LocalDate last = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = last.minusDays(count - 1L);
        // a few indexed aggregates per day, so a long range of a busy process reads no rows into memory
        List<DayActivity> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            LocalDate date = first.plusDays(i);
            Instant from = date.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Map<InvocationStatus, Long> counts = invocations.countsQueuedBetween(name, from, to);
            result.add(new DayActivity(date, counts.values().stream().mapToLong(Long::longValue).sum(),
                    counts.getOrDefault(InvocationStatus.COMPLETED, 0L), counts.getOrDefault(InvocationStatus.FAILED, 0L),
                    spending.costBetween(name, from, to).stripTrailingZeros()));
        }
        return new ActivityView(name, first, last, result);
    }

    private static int dayCount(String days) {
        if (days == null) {
            return DEFAULT_DAYS;
        }
        try {
            int count = Integer.parseInt(days.trim());
            if (count >= 1 && count <= MOST_DAYS) {
                return count;
            }
        } catch (NumberFormatException e) {
            // the same answer as a number out of range
        }
        throw ProblemException.invalid("days", "must be a whole number from 1 to " + MOST_DAYS);
    }
}
