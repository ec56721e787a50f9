package io.castellan.telemetry;

import io.castellan.access.Allowed;
import io.castellan.access.Role;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /metrics}: this server's metrics in the Prometheus text format, for a scraper holding
 * a viewer token ({@code authorization: {credentials: ...}} in Prometheus' scrape config).
 */
@Path("/")
@Allowed(Role.VIEWER)
public class MetricsResource {

    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    @Inject
    private Metrics metrics;

    @Inject
    private Telemetry telemetry;

    @GET
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    @Operation(summary = "This server's metrics in the Prometheus text format (viewer)")
    public StreamingOutput scrape() {
        // the instruments exist once Metrics does: a scrape before any invocation still lists them
        metrics.touch();
        var snapshots = telemetry.collect();
        return out -> WRITER.write(out, snapshots, EscapingScheme.UNDERSCORE_ESCAPING);
    }
}
