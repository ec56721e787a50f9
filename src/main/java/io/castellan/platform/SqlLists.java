package io.castellan.platform;

import java.util.Collection;

/**
 * Numbered placeholders for native queries that read many processes' rows at once. Those queries
 * join the processes' rows to the rows sought ({@code join ... on x.process_name = p.name}) or join
 * a table of (process, key) values, and never say {@code x.process_name in (..) and x.other ...}:
 * H2 uses an IN list only on an index's first column and then reads every entry of each process,
 * so such a query costs as much as the processes' whole history.
 */
public final class SqlLists {

    private SqlLists() {
    }

    /**
     * The values as one array parameter, for {@code column = any(?)} in a native query: one
     * statement text whatever their number. Hibernate translates a query with a list parameter
     * ({@code in :names}) again at every execution, and the database parses and plans the text of
     * each length anew; a cron minute's batches ran four such queries with 500 values each
     * (docs/performance.md, session 50). Both databases look each value up in the column's index.
     */
    public static String[] array(Collection<String> values) {
        return values.toArray(String[]::new);
    }

    /** {@code ?first, ?first+1, ...}: {@code count} placeholders, numbered from {@code first}. */
    public static String placeholders(int first, int count) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sql.append(i == 0 ? "?" : ", ?").append(first + i);
        }
        return sql.toString();
    }

    /**
     * {@code (?1, .., ?width), (?width+1, ..), ...}: the rows of a table of values ({@code (values ..)
     * k (..)}), {@code count} rows of {@code width} placeholders each, numbered from 1 row by row.
     */
    public static String rows(int count, int width) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sql.append(i == 0 ? "(" : ", (").append(placeholders(i * width + 1, width)).append(')');
        }
        return sql.toString();
    }
}
