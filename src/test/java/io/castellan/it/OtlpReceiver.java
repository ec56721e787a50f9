package io.castellan.it;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector's OTLP/HTTP receiver, as small as a test needs: it listens where the
 * test server exports ({@code otlp.port}), decodes the protobuf payloads with the protocol's own
 * classes and keeps the spans and the metric points it was sent. One listens for the whole run
 * ({@link OtlpSession}).
 */
public final class OtlpReceiver implements AutoCloseable {

    /** How many spans it keeps, the newest: a whole test run's would fill the heap. */
    private static final int KEPT = 20_000;

    /** One span as it arrived; ids in hex, parent empty for a root. */
    public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, String kind, Map<String, Object> attributes,
                               String statusCode, String service) {
    }

    /**
     * A trace as an indented tree, children under their parent in the order they arrived, each
     * with its kind and chosen attributes: how docs/observability.md shows one.
     */
    public static String tree(List<ReceivedSpan> trace, List<String> shown) {
        StringBuilder out = new StringBuilder();
        trace.stream().filter(s -> trace.stream().noneMatch(p -> p.spanId().equals(s.parentSpanId())))
                .forEach(root -> branch(trace, root, 0, shown, out));
        return out.toString();
    }

    private static void branch(List<ReceivedSpan> trace, ReceivedSpan span, int depth, List<String> shown, StringBuilder out) {
        out.append("  ".repeat(depth)).append(span.name()).append(" [").append(span.kind().replace("SPAN_KIND_", "").toLowerCase()).append(']');
        shown.stream().filter(span.attributes()::containsKey).forEach(k -> out.append(' ').append(k).append('=').append(span.attributes().get(k)));
        out.append('\n');
        trace.stream().filter(s -> s.parentSpanId().equals(span.spanId())).forEach(child -> branch(trace, child, depth + 1, shown, out));
    }

    /** One point of a metric: a sum's or a gauge's value, or a histogram's count and sum. */
    public record Point(String metric, Map<String, Object> attributes, double value, long count) {
    }

    private final HttpServer server;
    private final java.util.Deque<ReceivedSpan> spans = new java.util.ArrayDeque<>();
    /** The latest export's points only: sums are cumulative, so the newest says all. */
    private volatile List<Point> points = List.of();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();

    public OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("otlp.port", 4318)), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for OTLP on the test port", e);
        }
        server.createContext("/v1/traces", this::traces);
        server.createContext("/v1/metrics", this::metrics);
        server.start();
    }

    public List<ReceivedSpan> spans() {
        synchronized (spans) {
            return List.copyOf(spans);
        }
    }

    private void keep(ReceivedSpan span) {
        synchronized (spans) {
            spans.addLast(span);
            if (spans.size() > KEPT) {
                spans.removeFirst();
            }
        }
    }

    public List<Point> points() {
        return points;
    }

    public List<String> contentTypes() {
        return List.copyOf(contentTypes);
    }

    private void traces(HttpExchange exchange) throws IOException {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body(exchange));
        request.getResourceSpansList().forEach(resource -> {
            String service = attributes(resource.getResource().getAttributesList()).getOrDefault("service.name", "").toString();
            resource.getScopeSpansList().forEach(scope -> scope.getSpansList().forEach(span -> keep(new ReceivedSpan(
                    hex(span.getTraceId()), hex(span.getSpanId()), hex(span.getParentSpanId()), span.getName(), span.getKind().name(),
                    attributes(span.getAttributesList()), span.getStatus().getCode().name(), service))));
        });
        answer(exchange, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
    }

    private void metrics(HttpExchange exchange) throws IOException {
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body(exchange));
        List<Point> received = new CopyOnWriteArrayList<>();
        request.getResourceMetricsList().forEach(resource -> resource.getScopeMetricsList().forEach(scope -> scope.getMetricsList()
                .forEach(metric -> received.addAll(points(metric)))));
        points = List.copyOf(received);
        answer(exchange, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
    }

    private static List<Point> points(Metric metric) {
        List<Point> found = new java.util.ArrayList<>();
        List<NumberDataPoint> numbers = metric.hasSum() ? metric.getSum().getDataPointsList()
                : metric.hasGauge() ? metric.getGauge().getDataPointsList() : List.of();
        for (NumberDataPoint p : numbers) {
            double value = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
            found.add(new Point(metric.getName(), attributes(p.getAttributesList()), value, 0));
        }
        if (metric.hasHistogram()) {
            for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
                found.add(new Point(metric.getName(), attributes(p.getAttributesList()), p.getSum(), p.getCount()));
            }
        }
        return found;
    }

    private byte[] body(HttpExchange exchange) throws IOException {
        contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        try (InputStream body = in) {
            return body.readAllBytes();
        }
    }

    private static void answer(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static Map<String, Object> attributes(List<KeyValue> list) {
        Map<String, Object> map = new LinkedHashMap<>();
        list.forEach(kv -> map.put(kv.getKey(), value(kv.getValue())));
        return map;
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BOOL_VALUE -> value.getBoolValue();
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpReceiver::value).toList();
            default -> String.valueOf(value);
        };
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
