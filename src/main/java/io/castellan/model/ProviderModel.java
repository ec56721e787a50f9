package io.castellan.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import io.castellan.manifest.Manifest;
import io.castellan.platform.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider model reached through LangChain4j. LangChain4j only sends the request and reads the
 * answer; the retries (429 and 5xx, exponential backoff with jitter, honouring {@code Retry-After})
 * are Castellan's, and every failure becomes a {@link ModelException} that names its cause.
 */
final class ProviderModel implements Model {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderModel.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(30);
    private static final int LONGEST_DETAIL = 300;

    private final ChatModel chat;
    /** Set instead of {@code chat} when the manifest streams answers. */
    private final StreamingChatModel streaming;
    private final AnswerStreams streams;
    private final String provider;
    private final String endpoint;
    private final String model;
    private final int maxRetries;
    private final Duration timeout;
    private final String secret;
    private final Prices prices;

    ProviderModel(ChatModel chat, Manifest manifest, String endpoint, String secret, Prices prices) {
        this(chat, null, null, manifest, endpoint, secret, prices);
    }

    ProviderModel(ChatModel chat, StreamingChatModel streaming, AnswerStreams streams, Manifest manifest, String endpoint, String secret,
                  Prices prices) {
        this.chat = chat;
        this.streaming = streaming;
        this.streams = streams;
        this.provider = manifest.provider();
        this.endpoint = endpoint;
        this.model = manifest.model();
        this.maxRetries = manifest.modelOptions().maxRetries();
        this.timeout = manifest.modelOptions().timeout();
        this.secret = secret;
        this.prices = prices;
    }

    @Override
    public ModelResponse respond(ModelRequest request) {
        ChatRequest.Builder builder = ChatRequest.builder().messages(request.messages());
        if (!request.tools().isEmpty()) {
            builder.toolSpecifications(request.tools());
        }
        ChatRequest chatRequest = builder.build();
        for (int attempt = 1; ; attempt++) {
            try {
                ChatResponse answer = streaming == null ? chat.chat(chatRequest)
                        : StreamedAnswer.of(streaming, chatRequest, streams, request.invocationId(), request.turn());
                return response(answer, request, attempt);
            } catch (RuntimeException e) {
                Optional<ProviderHttpException> http = httpCause(e);
                if (http.isEmpty() || !http.get().retriable() || attempt > maxRetries) {
                    throw new ModelException(describe(e, http, attempt));
                }
                int retry = attempt;
                Duration wait = http.get().retryAfter().orElseGet(() -> backoff(retry));
                LOG.info("{} answered HTTP {} for invocation {}; retry {} of {} in {} ms", provider, http.get().statusCode(),
                        request.invocationId(), attempt, maxRetries, wait.toMillis());
                pause(wait);
            }
        }
    }

    private ModelResponse response(ChatResponse answer, ModelRequest request, int attempts) {
        AiMessage message = answer.aiMessage();
        if (message == null) {
            throw new ModelException(provider + " sent an answer without a message");
        }
        List<ToolCall> calls = new ArrayList<>();
        if (message.hasToolExecutionRequests()) {
            List<ToolExecutionRequest> requests = message.toolExecutionRequests();
            for (int i = 0; i < requests.size(); i++) {
                ToolExecutionRequest r = requests.get(i);
                String id = r.id() == null || r.id().isBlank() ? "call-" + request.turn() + "-" + i : r.id();
                calls.add(new ToolCall(id, r.name(), arguments(r.arguments())));
            }
        }
        return new ModelResponse(calls, message.text(), usage(answer.tokenUsage(), request.manifest(), attempts));
    }

    private static JsonNode arguments(String text) {
        if (text == null || text.isBlank()) {
            return Json.object();
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    private ModelUsage usage(TokenUsage tokens, Manifest manifest, int attempts) {
        long input = tokens == null || tokens.inputTokenCount() == null ? 0 : tokens.inputTokenCount();
        long output = tokens == null || tokens.outputTokenCount() == null ? 0 : tokens.outputTokenCount();
        long cached = 0;
        long cacheWrite = 0;
        if (tokens instanceof OpenAiTokenUsage openAi && openAi.inputTokensDetails() != null
                && openAi.inputTokensDetails().cachedTokens() != null) {
            cached = openAi.inputTokensDetails().cachedTokens();
        } else if (tokens instanceof AnthropicTokenUsage anthropic) {
            cached = anthropic.cacheReadInputTokens() == null ? 0 : anthropic.cacheReadInputTokens();
            cacheWrite = anthropic.cacheCreationInputTokens() == null ? 0 : anthropic.cacheCreationInputTokens();
        }
        final long cachedTokens = cached;
        final long writtenTokens = cacheWrite;
        BigDecimal cost = prices.price(manifest).map(p -> Prices.cost(provider, p, input, output, cachedTokens, writtenTokens)).orElse(null);
        return new ModelUsage(model, input, output, cached, cacheWrite, cost, attempts);
    }

    private String describe(RuntimeException e, Optional<ProviderHttpException> http, int attempts) {
        String after = attempts > 1 ? " after " + attempts + " attempts" : "";
        if (http.isPresent()) {
            return redact(provider + " answered HTTP " + http.get().statusCode() + after + ": " + shorten(http.get().getMessage()));
        }
        if (causedBy(e, IdleWatch.Stalled.class)) {
            return provider + " stopped answering: nothing came for " + timeout.toMillis() + " ms" + after;
        }
        if (causedBy(e, TimeoutException.class) || causedBy(e, java.net.http.HttpTimeoutException.class)) {
            return provider + " did not answer within " + timeout.toMillis() + " ms" + after;
        }
        if (e instanceof ModelException) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        boolean unreadable = root instanceof com.fasterxml.jackson.core.JacksonException || !(root instanceof java.io.IOException);
        if (unreadable) {
            return redact(provider + " at " + endpoint + " sent an answer Castellan cannot read" + after + ": " + shorten(String.valueOf(root.getMessage())));
        }
        return redact(provider + " could not be reached at " + endpoint + after + ": " + unreachable(root));
    }

    /** Why a connection failed, in words: the JDK's exceptions often carry no message at all. */
    private static String unreachable(Throwable root) {
        if (root instanceof java.net.UnknownHostException) {
            return "its host name does not resolve";
        }
        if (root instanceof java.net.ConnectException || root instanceof java.nio.channels.ClosedChannelException) {
            return "nothing answered on that address and port (connection refused or closed)";
        }
        if (root instanceof java.net.NoRouteToHostException) {
            return "there is no network route to its host";
        }
        if (root instanceof java.net.http.HttpConnectTimeoutException) {
            return "the connection timed out";
        }
        if (root instanceof javax.net.ssl.SSLException) {
            return "the TLS handshake failed" + (root.getMessage() == null ? "" : " (" + shorten(root.getMessage()) + ")");
        }
        return root.getMessage() == null || root.getMessage().isBlank() ? "the connection failed" : shorten(root.getMessage());
    }

    private String redact(String text) {
        return secret == null || secret.isEmpty() ? text : text.replace(secret, "[redacted]");
    }

    private static String shorten(String text) {
        String oneLine = String.valueOf(text).replaceAll("\\s+", " ").trim();
        return oneLine.length() <= LONGEST_DETAIL ? oneLine : oneLine.substring(0, LONGEST_DETAIL) + "…";
    }

    static Optional<ProviderHttpException> httpCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProviderHttpException http) {
                return Optional.of(http);
            }
        }
        return Optional.empty();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Exponential, with jitter so that many agents throttled at once do not retry in step. */
    static Duration backoff(int attempt) {
        long ceiling = Math.min(LONGEST_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 16));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("interrupted while waiting to retry");
        }
    }
}
