package io.castellan.model;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP transport under LangChain4j's provider clients: the JDK client, like LangChain4j's own,
 * but an error answer keeps its {@code Retry-After} so that Castellan's retries can honour it.
 */
final class ProviderHttpClient implements HttpClient {

    private static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(5);

    /** The largest answer read from a provider. */
    static final int MAX_ANSWER_BYTES = 8 * 1024 * 1024;

    private final java.net.http.HttpClient client;
    private final Duration readTimeout;

    /**
     * The JDK clients, one per connect timeout, shared by every process's model: each JDK client
     * has a selector thread and a connection pool of its own, and a client per model made a
     * platform thread per deployed process (500 in the concurrency benchmark).
     */
    private static final Map<Duration, java.net.http.HttpClient> SHARED = new ConcurrentHashMap<>();

    private ProviderHttpClient(Duration connectTimeout, Duration readTimeout) {
        this.client = SHARED.computeIfAbsent(connectTimeout == null ? Duration.ZERO : connectTimeout, timeout -> {
            java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1);
            if (!timeout.isZero()) {
                builder.connectTimeout(timeout);
            }
            return builder.build();
        });
        this.readTimeout = readTimeout;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        HttpResponse<InputStream> response = send(request);
        String body = boundedText(response.body());
        if (response.statusCode() >= 400) {
            throw new ProviderHttpException(response.statusCode(), body, retryAfter(response.headers()));
        }
        return SuccessfulHttpResponse.builder()
                .statusCode(response.statusCode())
                .headers(response.headers().map())
                .body(body)
                .build();
    }

    /**
     * The answer as text, refused past {@link #MAX_ANSWER_BYTES}: an answer is journaled and
     * stored, and a model's answer within its token limits is far smaller.
     */
    static String boundedText(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw new IllegalStateException("the answer is larger than " + MAX_ANSWER_BYTES / (1024 * 1024) + " MiB");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A streamed answer, read on the calling thread (the invocation's, which a cancel interrupts):
     * each event goes to the listener as it arrives; an error answer keeps its Retry-After, as above.
     */
    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        HttpResponse<InputStream> response;
        try {
            response = send(request);
        } catch (RuntimeException e) {
            listener.onError(e);
            return;
        }
        if (response.statusCode() >= 400) {
            listener.onError(new ProviderHttpException(response.statusCode(), boundedText(response.body()), retryAfter(response.headers())));
            return;
        }
        listener.onOpen(SuccessfulHttpResponse.builder().statusCode(response.statusCode()).headers(response.headers().map()).build());
        // the parser reports a failed read to the listener itself: the watch tells a silent stream from a broken one there
        IdleWatch watch = readTimeout == null ? null : new IdleWatch(readTimeout);
        ServerSentEventListener reporting = watch == null ? listener : watch.reporting(listener);
        try (InputStream body = watch == null ? response.body() : watch.watching(response.body())) {
            parser.parse(body, reporting);
        } catch (IOException e) {
            reporting.onError(new UncheckedIOException(e));
            return;
        } finally {
            if (watch != null) {
                watch.close();
            }
        }
        listener.onClose();
    }

    private HttpResponse<InputStream> send(HttpRequest request) {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        request.headers().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        builder.method(request.method().name(), request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        if (readTimeout != null) {
            // the time to the answer's start: a stream then takes as long as it takes
            builder.timeout(readTimeout);
        }
        try {
            return client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new TimeoutException("no answer within " + readTimeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model", e);
        }
    }

    /** Seconds or an HTTP date; absent, unreadable or in the past means no hint. */
    static Duration retryAfter(HttpHeaders headers) {
        String value = headers.firstValue("Retry-After").orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            try {
                wait = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : wait;
    }

    /** What LangChain4j's model builders configure. */
    static final class Builder implements HttpClientBuilder {
        private Duration connectTimeout;
        private Duration readTimeout;

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public HttpClient build() {
            return new ProviderHttpClient(connectTimeout, readTimeout);
        }
    }
}
