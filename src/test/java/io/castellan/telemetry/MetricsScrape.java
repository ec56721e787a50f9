package io.castellan.telemetry;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** This application's metrics as {@code GET /metrics} writes them, read in the server by in-container tests. */
public final class MetricsScrape {

    private MetricsScrape() {
    }

    /**
     * The sum of a metric's samples that carry the label (a process's counts under every other
     * label), 0 when it has none.
     *
     * @param sample the sample's name as scraped, e.g. {@code castellan_invocations_started_total}
     * @param label a label as scraped, e.g. {@code castellan_process="my-agent"}
     */
    public static double sum(Telemetry telemetry, String sample, String label) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, telemetry.collect(), EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith(sample + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
