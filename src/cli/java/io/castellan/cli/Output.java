package io.castellan.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Prints tables for people and JSON for scripts. */
final class Output {

    enum Format { table, json }

    private final PrintWriter out;

    Output(PrintWriter out) {
        this.out = out;
    }

    void json(JsonNode node) {
        try {
            out.println(Client.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    /** One JSON document on one line, for streams (JSON Lines). */
    void jsonLine(JsonNode node) {
        out.println(Client.write(node));
        out.flush();
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    /** Columns padded to their widest cell; the last column is not padded. */
    void table(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], cell(row, i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = cell(row, i);
                text.append(cell);
                if (i < widths.length - 1) {
                    text.append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            out.println(text.toString().stripTrailing());
        }
        out.flush();
    }

    /** "key: value" lines with the keys aligned. */
    void fields(List<String[]> pairs) {
        int width = pairs.stream().mapToInt(p -> p[0].length()).max().orElse(0);
        for (String[] pair : pairs) {
            out.println(pair[0] + ":" + " ".repeat(width - pair[0].length() + 1) + pair[1]);
        }
        out.flush();
    }

    private static String cell(List<String> row, int i) {
        String value = i < row.size() ? row.get(i) : "";
        return value == null ? "" : value;
    }

    /** A JSON value as a table cell: text as is, absent as "-", anything else as compact JSON. */
    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "-";
        }
        return node.isValueNode() ? node.asText() : Client.write(node);
    }

    /** An instant as the API gives it, to the second. */
    static String time(JsonNode node) {
        String text = text(node);
        int dot = text.indexOf('.');
        return dot > 0 && text.endsWith("Z") ? text.substring(0, dot) + "Z" : text;
    }

    static String abbreviate(String text, int most) {
        return text.length() <= most ? text : text.substring(0, most - 1) + "…";
    }
}
