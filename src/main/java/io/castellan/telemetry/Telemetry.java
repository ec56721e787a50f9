package io.castellan.telemetry;

import io.castellan.cluster.ThisServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The application's own OpenTelemetry SDK: a tracer that exports over OTLP/HTTP when
 * {@code castellan.otel.endpoint} is set and is a no-op otherwise, and a meter whose instruments
 * are read by Prometheus at {@code /metrics} and, with an endpoint, pushed over OTLP. Not the global
 * instance: another application on the same server keeps its own.
 */
@ApplicationScoped
public class Telemetry {

    private static final Logger LOG = Logger.getLogger(Telemetry.class.getName());
    private static final String SCOPE = "io.castellan";

    private SdkTracerProvider tracerProvider;
    private SdkMeterProvider meterProvider;
    private PrometheusMetricReader prometheus;
    private Tracer tracer;
    private Meter meter;

    @PostConstruct
    void start() {
        TelemetrySettings settings = TelemetrySettings.fromServer();
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), settings.serviceName(),
                AttributeKey.stringKey("service.instance.id"), ThisServer.NAME)));
        prometheus = PrometheusMetricReader.builder().setOtelScopeLabelsEnabled(false).setTargetInfoMetricEnabled(false).build();
        SdkMeterProviderBuilder meters = SdkMeterProvider.builder().setResource(resource).registerMetricReader(prometheus);
        ClassLoader loader = Telemetry.class.getClassLoader();
        if (settings.exports()) {
            OtlpHttpMetricExporter metricExporter = OtlpHttpMetricExporter.builder().setEndpoint(settings.endpoint() + "/v1/metrics")
                    .setHeaders(settings::headers).setTimeout(Duration.ofSeconds(10)).setServiceClassLoader(loader).build();
            meters.registerMetricReader(PeriodicMetricReader.builder(metricExporter).setInterval(settings.metricInterval()).build());
            OtlpHttpSpanExporter spanExporter = OtlpHttpSpanExporter.builder().setEndpoint(settings.endpoint() + "/v1/traces")
                    .setHeaders(settings::headers).setTimeout(Duration.ofSeconds(10)).setServiceClassLoader(loader).build();
            tracerProvider = SdkTracerProvider.builder().setResource(resource)
                    .addSpanProcessor(BatchSpanProcessor.builder(spanExporter).setScheduleDelay(Duration.ofSeconds(1)).build())
                    .build();
            tracer = tracerProvider.get(SCOPE);
            LOG.info(() -> "Traces and metrics are exported over OTLP/HTTP to " + settings.endpoint());
        } else {
            // nothing to export to: spans are never made, and cost nothing
            tracer = TracerProvider.noop().get(SCOPE);
        }
        meterProvider = meters.build();
        meter = meterProvider.get(SCOPE);
    }

    /** Sends what is still buffered before the application goes. */
    @PreDestroy
    void stop() {
        if (tracerProvider != null) {
            tracerProvider.shutdown().join(5, TimeUnit.SECONDS);
        }
        meterProvider.shutdown().join(5, TimeUnit.SECONDS);
    }

    /** True when spans are recorded and exported. */
    public boolean tracing() {
        return tracerProvider != null;
    }

    Tracer tracer() {
        return tracer;
    }

    Meter meter() {
        return meter;
    }

    /** The metrics as they are now, for the Prometheus text format. */
    MetricSnapshots collect() {
        return prometheus.collect();
    }
}
