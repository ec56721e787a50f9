package io.castellan.model;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.castellan.manifest.Manifest;
import io.castellan.manifest.ModelOptions;
import io.castellan.platform.Redactor;
import io.castellan.telemetry.Metrics;
import io.castellan.telemetry.Tracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Finds the model a manifest names. Provider clients are built once per model and options, and
 * their keys are read from the environment when they are built, never from stored data.
 */
@ApplicationScoped
public class Models {

    public static final String OPENAI_BASE_URL = "CASTELLAN_OPENAI_BASE_URL";
    public static final String ANTHROPIC_BASE_URL = "CASTELLAN_ANTHROPIC_BASE_URL";
    public static final String OLLAMA_BASE_URL = "CASTELLAN_OLLAMA_BASE_URL";

    private static final int DEFAULT_ANSWER_TOKENS = 1024;

    private final ScriptedModel scripted = new ScriptedModel();
    private volatile Model tracedScripted;
    private final Map<String, Model> providers = new ConcurrentHashMap<>();
    private final UnaryOperator<String> environment = System::getenv;

    @Inject
    private Prices prices;

    @Inject
    private Tracing tracing;

    @Inject
    private Metrics metrics;

    @Inject
    private Redactor redactor;

    @Inject
    private AnswerStreams streams;

    public Model forManifest(Manifest manifest) {
        if (manifest.isScripted()) {
            if (tracedScripted == null) {
                tracedScripted = new TracedModel(scripted, "scripted", "scripted", tracing, metrics, redactor);
            }
            return tracedScripted;
        }
        return providers.computeIfAbsent(manifest.model() + " " + manifest.modelOptions(),
                key -> new TracedModel(build(manifest), manifest.provider(), manifest.modelName(), tracing, metrics, redactor));
    }

    /** The prompt budget in estimated tokens: the manifest's, else the model's context window less its answer. */
    public int contextBudget(Manifest manifest) {
        if (manifest.context().maxTokens() > 0) {
            return manifest.context().maxTokens();
        }
        int window = prices.contextWindow(manifest.model());
        return Math.max(256, window - answerTokens(manifest));
    }

    /** The most tokens an answer may have: {@code max_output_tokens}, else 1,024 assumed. */
    public int answerTokens(Manifest manifest) {
        Integer answer = manifest.modelOptions().maxOutputTokens();
        return answer == null ? DEFAULT_ANSWER_TOKENS : answer;
    }

    /**
     * What a call could cost at most: its input tokens and the longest answer, at the model's price.
     * The scripted model costs nothing; a model without a known price, empty.
     */
    public Optional<BigDecimal> worstCaseCost(Manifest manifest, long inputTokens) {
        if (manifest.isScripted()) {
            return Optional.of(BigDecimal.ZERO);
        }
        return prices.price(manifest).map(p -> Prices.cost(manifest.provider(), p, inputTokens, answerTokens(manifest), 0, 0));
    }

    private Model build(Manifest manifest) {
        ModelOptions options = manifest.modelOptions();
        String key = apiKey(manifest);
        String endpoint = switch (manifest.provider()) {
            case "openai" -> baseUrl(options, OPENAI_BASE_URL, "https://api.openai.com/v1");
            case "anthropic" -> baseUrl(options, ANTHROPIC_BASE_URL, "https://api.anthropic.com/v1/");
            case "ollama" -> baseUrl(options, OLLAMA_BASE_URL, "http://localhost:11434");
            default -> null;
        };
        if (options.stream()) {
            return new ProviderModel(null, StreamingModels.build(manifest, endpoint, key), streams, manifest, endpoint, key, prices);
        }
        ChatModel chat = switch (manifest.provider()) {
            case "openai" -> OpenAiChatModel.builder()
                    .httpClientBuilder(new ProviderHttpClient.Builder())
                    .baseUrl(endpoint)
                    .apiKey(key == null ? "none" : key)
                    .modelName(manifest.modelName())
                    .temperature(options.temperature())
                    .maxCompletionTokens(options.maxOutputTokens())
                    .timeout(options.timeout())
                    .maxRetries(0)
                    .build();
            case "anthropic" -> AnthropicChatModel.builder()
                    .httpClientBuilder(new ProviderHttpClient.Builder())
                    .baseUrl(endpoint)
                    .apiKey(key == null ? "none" : key)
                    .modelName(manifest.modelName())
                    .temperature(options.temperature())
                    .maxTokens(options.maxOutputTokens() == null ? 4096 : options.maxOutputTokens())
                    .timeout(options.timeout())
                    .maxRetries(0)
                    .build();
            case "ollama" -> {
                OllamaChatModel.OllamaChatModelBuilder builder = OllamaChatModel.builder();
                builder.maxRetries(0);
                builder.httpClientBuilder(new ProviderHttpClient.Builder());
                builder.baseUrl(endpoint);
                builder.modelName(manifest.modelName());
                builder.temperature(options.temperature());
                builder.numPredict(options.maxOutputTokens());
                builder.timeout(options.timeout());
                yield builder.build();
            }
            default -> throw new ModelException("model '" + manifest.model() + "' is not supported");
        };
        return new ProviderModel(chat, manifest, endpoint, key, prices);
    }

    private String baseUrl(ModelOptions options, String serverVariable, String fallback) {
        if (options.baseUrl() != null) {
            return options.baseUrl();
        }
        String server = environment.apply(serverVariable);
        return server == null || server.isBlank() ? fallback : server;
    }

    private String apiKey(Manifest manifest) {
        String variable = manifest.modelOptions().apiKeyVariable();
        if (variable == null) {
            variable = switch (manifest.provider()) {
                case "openai" -> "OPENAI_API_KEY";
                case "anthropic" -> "ANTHROPIC_API_KEY";
                default -> null;
            };
        }
        return variable == null ? null : environment.apply(variable);
    }
}
