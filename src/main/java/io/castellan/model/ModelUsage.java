package io.castellan.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.platform.Json;
import java.math.BigDecimal;

/**
 * What one model call consumed, as the provider reported it, and what it cost.
 *
 * @param model        {@code provider:model} as the manifest names it
 * @param inputTokens  prompt tokens as reported (OpenAI and Ollama include cached tokens here;
 *                     Anthropic does not)
 * @param cachedTokens prompt tokens served from the provider's cache
 * @param cacheWriteTokens prompt tokens written to the cache (Anthropic)
 * @param costUsd      null when no price is known for the model
 * @param attempts     calls made, counting retries
 */
public record ModelUsage(String model, long inputTokens, long outputTokens, long cachedTokens, long cacheWriteTokens,
                         BigDecimal costUsd, int attempts) {

    public ObjectNode toJson() {
        ObjectNode json = Json.object().put("model", model).put("input_tokens", inputTokens).put("output_tokens", outputTokens)
                .put("cached_tokens", cachedTokens).put("cache_write_tokens", cacheWriteTokens).put("attempts", attempts);
        if (costUsd == null) {
            json.putNull("cost_usd");
        } else {
            json.put("cost_usd", costUsd);
        }
        return json;
    }

    public static ModelUsage fromJson(JsonNode json) {
        if (json == null || json.isMissingNode() || json.isNull()) {
            return null;
        }
        return new ModelUsage(json.path("model").asText(), json.path("input_tokens").asLong(), json.path("output_tokens").asLong(),
                json.path("cached_tokens").asLong(), json.path("cache_write_tokens").asLong(),
                json.hasNonNull("cost_usd") ? json.get("cost_usd").decimalValue() : null, json.path("attempts").asInt(1));
    }
}
