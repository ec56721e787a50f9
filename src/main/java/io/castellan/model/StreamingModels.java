package io.castellan.model;

import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.castellan.manifest.Manifest;
import io.castellan.manifest.ModelOptions;

/**
 * LangChain4j's streaming clients of the three providers, for a manifest with
 * {@code model_options.stream: true}: the same options as the plain ones, on Castellan's HTTP
 * transport, without LangChain4j's own retries (Castellan's are in {@link ProviderModel}).
 */
final class StreamingModels {

    private StreamingModels() {
    }

    static StreamingChatModel build(Manifest manifest, String endpoint, String key) {
        ModelOptions options = manifest.modelOptions();
        return switch (manifest.provider()) {
            case "openai" -> OpenAiStreamingChatModel.builder()
                    .httpClientBuilder(new ProviderHttpClient.Builder())
                    .baseUrl(endpoint)
                    .apiKey(key == null ? "none" : key)
                    .modelName(manifest.modelName())
                    .temperature(options.temperature())
                    .maxCompletionTokens(options.maxOutputTokens())
                    .timeout(options.timeout())
                    .build();
            case "anthropic" -> AnthropicStreamingChatModel.builder()
                    .httpClientBuilder(new ProviderHttpClient.Builder())
                    .baseUrl(endpoint)
                    .apiKey(key == null ? "none" : key)
                    .modelName(manifest.modelName())
                    .temperature(options.temperature())
                    .maxTokens(options.maxOutputTokens() == null ? 4096 : options.maxOutputTokens())
                    .timeout(options.timeout())
                    .build();
            case "ollama" -> {
                OllamaStreamingChatModel.OllamaStreamingChatModelBuilder builder = OllamaStreamingChatModel.builder();
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
    }
}
