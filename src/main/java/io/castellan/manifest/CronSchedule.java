package io.castellan.manifest;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
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

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

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
