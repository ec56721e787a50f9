package io.castellan.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A stand-in LLM provider on loopback that speaks the real wire protocols (OpenAI chat
 * completions, Anthropic messages, Ollama chat) and serves recorded answers queued per agent: the
 * first path segment names the queue, so each test's agent has its own. It records every request
 * as it arrived, and how long it took itself to answer. As a JUnit extension
 * ({@code @RegisterExtension static}) it stops after the test class. The answers to queue are
 * {@link ProviderAnswers}.
 */
public final class ProviderStub implements AutoCloseable, AfterAllCallback {

    static final ObjectMapper JSON = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** The three wire protocols, with the usage each recorded answer reports. */
    public enum Protocol {
        OPENAI("openai:gpt-5-mini", "/v1/chat/completions"),
        ANTHROPIC("anthropic:claude-sonnet-4-5", "/v1/messages"),
        OLLAMA("ollama:llama3.2", "/api/chat");

        final String model;
        final String path;

        Protocol(String model, String path) {
            this.model = model;
            this.path = path;
        }

        /** The {@code model_options.base_url} that sends an agent's calls to queue {@code key}. */
        public String baseUrl(ProviderStub stub, String key) {
            String root = "http://127.0.0.1:" + stub.port() + "/" + key;
            return switch (this) {
                case OPENAI -> root + "/v1";
                case ANTHROPIC -> root + "/v1/";
                case OLLAMA -> root;
            };
        }
    }

    /** One recorded answer: status, body, headers, and how long to wait before sending it. */
    public record Answer(int status, String body, Map<String, String> headers, long delayMillis) {
        static Answer ok(JsonNode body) {
            return new Answer(200, body.toString(), Map.of(), 0);
        }

        /** The same answer, sent only after the delay. */
        public Answer after(long millis) {
            return new Answer(status, body, headers, millis);
        }
    }

    /** A request as received. */
    public record Request(String key, String path, Map<String, List<String>> headers, JsonNode body, Instant at) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final Map<String, Queue<Answer>> queues = new ConcurrentHashMap<>();
    // queues, not copy-on-write lists: a benchmark's stub takes thousands of calls, and each add copied them all
    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    private final Map<String, Queue<Long>> handlingNanos = new ConcurrentHashMap<>();
    private final ScheduledExecutorService later = Executors.newScheduledThreadPool(2);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    public ProviderStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private final Map<String, Long> streamPauses = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> embeddingHolds = new ConcurrentHashMap<>();

    /**
     * The key's embeddings are answered only once the returned gate is opened (those asked before
     * at once): a test sees what the server does while a provider takes its time. A newer hold
     * takes the embeddings asked after it.
     */
    public Runnable holdEmbeddings(String key) {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        embeddingHolds.put(key, gate);
        return () -> {
            embeddingHolds.remove(key, gate);
            gate.complete(null);
        };
    }

    /** How long a streamed answer to queue {@code key} pauses between its chunks. */
    public ProviderStub streamPause(String key, long millis) {
        streamPauses.put(key, millis);
        return this;
    }

    public ProviderStub enqueue(String key, Answer... answers) {
        queues.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
        return this;
    }

    public List<Request> requests(String key) {
        return requests.stream().filter(r -> r.key().equals(key)).toList();
    }

    /** Nanoseconds the stub spent on each answer to queue {@code key}, in order: from reading the request to sending the answer. */
    public List<Long> handlingNanos(String key) {
        return List.copyOf(handlingNanos.getOrDefault(key, new ConcurrentLinkedQueue<>()));
    }

    /** The most requests it held unanswered at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** From now on {@link #maxInFlight} counts from the requests unanswered now. */
    public void resetMaxInFlight() {
        maxInFlight.set(inFlight.get());
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        String path = exchange.getRequestURI().getPath();
        String key = path.substring(1, path.indexOf('/', 1) > 0 ? path.indexOf('/', 1) : path.length());
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        requests.add(new Request(key, path.substring(key.length() + 1), Map.copyOf(exchange.getRequestHeaders()), body, Instant.now()));
        if (path.endsWith("/embeddings")) {
            // OpenAI's embeddings protocol, answered at once (unless held): a text's words hashed into
            // 32 dimensions, so texts that share words are near and others are not
            Answer embedded = new Answer(200, StubEmbeddings.answer(body), Map.of(), 0);
            CompletableFuture<Void> gate = embeddingHolds.get(key);
            if (gate != null) {
                gate.thenRun(() -> send(exchange, embedded, key, start));
            } else {
                send(exchange, embedded, key, start);
            }
            return;
        }
        Queue<Answer> queue = queues.get(key);
        Answer queued = queue == null ? null : queue.poll();
        Answer answer = queued != null ? queued
                : new Answer(500, "{\"error\":{\"message\":\"the stub has no answer queued for " + key + "\"}}", Map.of(), 0);
        Protocol streamed = StubStreams.streaming(path, body);
        if (streamed != null && answer.status() == 200) {
            // the provider's streaming protocol: the recorded answer in pieces, a pause between each
            Runnable stream = () -> stream(exchange, streamed, answer, key, start, streamPauses.getOrDefault(key, 0L));
            later.schedule(stream, answer.delayMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        if (answer.delayMillis() > 0) {
            // a slow provider: the answer goes out later, from the scheduler, as Receiver does
            later.schedule(() -> send(exchange, answer, key, start), answer.delayMillis(), TimeUnit.MILLISECONDS);
        } else {
            send(exchange, answer, key, start);
        }
    }

    private void send(HttpExchange exchange, Answer answer, String key, long start) {
        try (exchange) {
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // the client gave up (a timeout test): nothing to answer
        } finally {
            inFlight.decrementAndGet();
            handlingNanos.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(System.nanoTime() - start);
        }
    }

    /** The recorded answer as the provider streams it; the pieces after the first go out {@code pause} apart, scheduled. */
    private void stream(HttpExchange exchange, Protocol protocol, Answer answer, String key, long start, long pause) {
        List<String> chunks = StubStreams.pieces(protocol, answer.body());
        try {
            exchange.getResponseHeaders().add("Content-Type", StubStreams.contentType(protocol));
            exchange.sendResponseHeaders(200, 0);
        } catch (IOException e) {
            chunks = List.of();
        }
        sendChunk(exchange, chunks, 0, key, start, pause);
    }

    private void sendChunk(HttpExchange exchange, List<String> chunks, int next, String key, long start, long pause) {
        boolean more = next < chunks.size();
        if (more) {
            try {
                exchange.getResponseBody().write(chunks.get(next).getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
            } catch (IOException e) {
                // the client went away
                more = false;
            }
        }
        if (more && next + 1 < chunks.size()) {
            later.schedule(() -> sendChunk(exchange, chunks, next + 1, key, start, pause), pause, TimeUnit.MILLISECONDS);
            return;
        }
        exchange.close();
        inFlight.decrementAndGet();
        handlingNanos.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(System.nanoTime() - start);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        later.shutdownNow();
    }
}
