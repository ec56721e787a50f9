package io.castellan.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the outside world an agent calls: an HTTP server on loopback that records each
 * request and answers 200 with a small JSON body, or what its path asks for: /status/503 answers
 * that status, /fail-first/2/x answers 503 twice and then 200, /echo/x answers
 * with the headers and body it received, /big/100000 answers that many bytes. With a latency, each answer is sent that long
 * after the request arrived, as a slow remote service would.
 */
public final class Receiver implements AutoCloseable {

    /** One request as received. */
    public record Request(String method, String path, String idempotencyKey, String body, java.time.Instant at,
                          Map<String, String> headers) {

        /** A header's first value, by its name in any case; null when absent. */
        public String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(2);
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public Receiver() {
        this(0);
    }

    /** @param latencyMillis how long after a request its answer is sent */
    public Receiver(long latencyMillis) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Idempotency-Key"), body,
                    java.time.Instant.now(), headers));
            int seen = requests.size();
            int seenOnPath = (int) requests.stream().filter(q -> q.path().equals(path)).count();
            if (path.startsWith("/echo/")) {
                answers.schedule(() -> echo(exchange, headers, body), latencyMillis, TimeUnit.MILLISECONDS);
                return;
            }
            // /slow-once/...: only the first request on the path waits out the latency
            long latency = path.startsWith("/slow-once/") && seenOnPath > 1 ? 0 : latencyMillis;
            answers.schedule(() -> answer(exchange, path, seen, seenOnPath), latency, TimeUnit.MILLISECONDS);
        });
        server.start();
    }

    /**
     * {@code /status/N} answers N; {@code /fail-first/N/...} answers 503 to the first N requests on
     * its path, then 200; {@code /big/N} answers N bytes; anything else answers 200 (on
     * {@code /slow-once/...}, the requests after the first without the receiver's latency).
     */
    private static void answer(HttpExchange exchange, String path, int seen, int seenOnPath) {
        try (exchange) {
            int status = path.startsWith("/status/") ? Integer.parseInt(path.substring("/status/".length())) : 200;
            if (path.startsWith("/fail-first/")) {
                status = seenOnPath <= Integer.parseInt(path.split("/")[2]) ? 503 : 200;
            }
            byte[] answer = path.startsWith("/big/")
                    ? "x".repeat(Integer.parseInt(path.substring("/big/".length()))).getBytes(StandardCharsets.UTF_8)
                    : ("{\"seen\":" + seen + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (IOException e) {
            // the caller went away (a killed server): nothing to answer
        }
    }

    /** {@code /echo/...} answers with what it received: {@code {"headers": {...}, "body": "..."}}. */
    private static void echo(HttpExchange exchange, Map<String, String> headers, String body) {
        try (exchange) {
            com.fasterxml.jackson.databind.node.ObjectNode echoed = ProviderStub.JSON.createObjectNode().put("body", body);
            com.fasterxml.jackson.databind.node.ObjectNode echoedHeaders = echoed.putObject("headers");
            headers.forEach(echoedHeaders::put);
            byte[] answer = ProviderStub.JSON.writeValueAsBytes(echoed);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (IOException e) {
            // the caller went away: nothing to answer
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        answers.shutdownNow();
    }
}
