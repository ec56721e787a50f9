package io.castellan.manifest;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A standard five-field cron expression, validated by cron-utils and split into the fields of an
 * EJB calendar schedule. EJB allows increments ({@code /}) only in minute and hour, so increments
 * in the other fields are expanded into lists.
 */
public record CronSchedule(String expression, String minute, String hour, String dayOfMonth, String month,
                           String dayOfWeek, String timezone) {

    /** Parsed once per expression: a fleet shares few distinct schedules. */
    private static final java.util.Map<String, ExecutionTime> EXECUTION_TIMES = new java.util.concurrent.ConcurrentHashMap<>();

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /**
     * Deployed schedules by expression and time zone, for {@link #ofDeployed}: parsing was most of a
     * fire's cost. Bounded, as a fleet's distinct schedules are few: past the bound it starts afresh.
     */
    private static final java.util.Map<String, CronSchedule> DEPLOYED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_DEPLOYED = 10_000;

    /** {@link #parse} for a schedule that was valid when it was deployed (a cron row): parsed once per expression and zone. */
    public static CronSchedule ofDeployed(String expression, String timezone) {
        String key = expression + "\n" + timezone;
        CronSchedule parsed = DEPLOYED.get(key);
        if (parsed == null) {
            parsed = parse(expression, timezone);
            if (DEPLOYED.size() >= MAX_DEPLOYED) {
                DEPLOYED.clear();
            }
            DEPLOYED.put(key, parsed);
        }
        return parsed;
    }

    /** @throws IllegalArgumentException with a message fit for the user */
    public static CronSchedule parse(String expression, String timezone) {
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("must have five fields (minute hour day-of-month month day-of-week), found " + fields.length);
        }
        try {
            PARSER.parse(expression.trim()).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a valid cron expression: " + e.getMessage());
        }
        return new CronSchedule(expression.trim(), fields[0], fields[1],
                expandSteps(fields[2], 1, 31), expandSteps(fields[3], 1, 12), expandSteps(fields[4], 0, 7), timezone);
    }

    /** The first scheduled time after {@code after}, in the schedule's time zone; empty if it never comes. */
    public Optional<Instant> next(Instant after) {
        return executionTime().nextExecution(ZonedDateTime.ofInstant(after, ZoneId.of(timezone))).map(ZonedDateTime::toInstant);
    }

    /** The latest scheduled time at or before {@code at}: the tick a late or catch-up fire stands for. */
    public Optional<Instant> latest(Instant at) {
        ZonedDateTime time = ZonedDateTime.ofInstant(at, ZoneId.of(timezone));
        if (executionTime().isMatch(time.withSecond(0).withNano(0))) {
            return Optional.of(time.withSecond(0).withNano(0).toInstant());
        }
        return executionTime().lastExecution(time).map(ZonedDateTime::toInstant);
    }

    private ExecutionTime executionTime() {
        return EXECUTION_TIMES.computeIfAbsent(expression, e -> ExecutionTime.forCron(PARSER.parse(e)));
    }

    static String expandSteps(String field, int min, int max) {
        if (!field.contains("/")) {
            return field;
        }
        StringJoiner out = new StringJoiner(",");
        for (String item : field.split(",")) {
            if (!item.contains("/")) {
                out.add(item);
                continue;
            }
            String[] rangeAndStep = item.split("/");
            int step = Integer.parseInt(rangeAndStep[1]);
            int from = min;
            int to = max;
            if (!rangeAndStep[0].equals("*")) {
                String[] bounds = rangeAndStep[0].split("-");
                from = number(bounds[0]);
                to = bounds.length > 1 ? number(bounds[1]) : max;
            }
            List<String> values = new ArrayList<>();
            for (int v = from; v <= to; v += step) {
                values.add(Integer.toString(v));
            }
            values.forEach(out::add);
        }
        return out.toString();
    }

    private static int number(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("use numbers, not names, with an increment ('" + value + "')");
        }
    }
}
