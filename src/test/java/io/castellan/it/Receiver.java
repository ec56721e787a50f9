package io.castellan.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the outside world an agent calls: an HTTP server on loopback that records each
 * request and answers 200 with a small JSON body, or what its path asks for: /status/503 answers
 * that status, /big/100000 answers that many bytes. With a latency, each answer is sent that long
 * after the request arrived, as a slow remote service would.
 */
public final class Receiver implements AutoCloseable {

    /** One request as received. */
    public record Request(String method, String path, String idempotencyKey, String body, java.time.Instant at) {
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
            requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Idempotency-Key"), body,
                    java.time.Instant.now()));
            int seen = requests.size();
            answers.schedule(() -> answer(exchange, path, seen), latencyMillis, TimeUnit.MILLISECONDS);
        });
        server.start();
    }

    private static void answer(HttpExchange exchange, String path, int seen) {
        try (exchange) {
            int status = path.startsWith("/status/") ? Integer.parseInt(path.substring("/status/".length())) : 200;
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
