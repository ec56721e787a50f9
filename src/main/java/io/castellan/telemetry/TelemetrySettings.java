package io.castellan.telemetry;

import io.castellan.platform.ServerSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where and how often Castellan exports its traces and metrics, from the server's configuration
 * ({@code castellan.otel.*}). Without an endpoint nothing is exported and traces cost nothing;
 * metrics are still counted for {@code /metrics}.
 *
 * @param endpoint       the OTLP/HTTP base URL ({@code http://collector:4318}), or null
 * @param headers        sent with every export (a collector's API key)
 * @param metricInterval how often metrics are pushed to the endpoint
 * @param serviceName    the {@code service.name} resource attribute
 */
record TelemetrySettings(String endpoint, Map<String, String> headers, Duration metricInterval, String serviceName) {

    static TelemetrySettings fromServer() {
        String endpoint = ServerSettings.get("castellan/otel/endpoint", "").trim();
        long seconds;
        try {
            seconds = Math.max(1, Long.parseLong(ServerSettings.get("castellan/otel/metrics/seconds", "60").trim()));
        } catch (NumberFormatException e) {
            seconds = 60;
        }
        String service = ServerSettings.get("castellan/otel/service/name", "castellan").trim();
        return new TelemetrySettings(endpoint.isEmpty() ? null : stripSlash(endpoint), headers(ServerSettings.get("castellan/otel/headers", "")),
                Duration.ofSeconds(seconds), service.isEmpty() ? "castellan" : service);
    }

    boolean exports() {
        return endpoint != null;
    }

    /** {@code name=value} pairs separated by commas, as OTEL_EXPORTER_OTLP_HEADERS has them. */
    static Map<String, String> headers(String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                headers.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
        return headers;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
