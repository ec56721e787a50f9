package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads a manifest's {@code model_options}: where the provider is, the variable that holds its key
 * (never the key), temperature, answer length, timeout, retries, prices and streaming; and checks
 * that a provider which needs a key has one, the manifest's or the server's.
 */
final class ModelOptionsBlock {

    private static final Set<String> FIELDS = Set.of("base_url", "api_key", "temperature", "max_output_tokens", "timeout", "stream",
            "max_retries", "prices");
    private static final Set<String> PRICE_FIELDS = Set.of("input", "output", "cached_input", "cache_write");

    private ModelOptionsBlock() {
    }

    /** @param model the manifest's model, {@code provider:name}, scripted, or null when missing */
    static ModelOptions read(Fields top, String model, UnaryOperator<String> environment) {
        String provider = model == null ? "" : model.substring(0, Math.max(model.indexOf(':'), 0));
        if (!top.has("model_options")) {
            requireServerKey(top, environment, provider, null);
            return ModelOptions.defaults();
        }
        Fields options = top.block("model_options", FIELDS);
        if (options == null) {
            return ModelOptions.defaults();
        }
        String baseUrl = options.url("base_url");
        String keyVariable = null;
        if (options.has("api_key")) {
            keyVariable = options.environmentReference("api_key", "must name an environment variable as ${NAME}, so the key is never stored");
        } else {
            requireServerKey(top, environment, provider, baseUrl);
        }
        Double temperature = null;
        JsonNode t = options.get("temperature");
        if (t != null) {
            if (!t.isNumber() || t.asDouble() < 0 || t.asDouble() > 2) {
                options.error("temperature", "must be a number from 0 to 2");
            } else {
                temperature = t.asDouble();
            }
        }
        Integer maxOutput = options.optionalInteger("max_output_tokens", 1, 1_000_000);
        Duration timeout = options.duration("timeout", ModelOptions.DEFAULT_TIMEOUT);
        int retries = options.integer("max_retries", ModelOptions.DEFAULT_MAX_RETRIES, 0, 10);
        return new ModelOptions(baseUrl, keyVariable, temperature, maxOutput, timeout, retries, price(options), options.bool("stream", true));
    }

    /** OpenAI and Anthropic need a key: the manifest's, or the server's; a custom base URL may not. */
    private static void requireServerKey(Fields top, UnaryOperator<String> environment, String provider, String baseUrl) {
        String variable = switch (provider) {
            case "openai" -> "OPENAI_API_KEY";
            case "anthropic" -> "ANTHROPIC_API_KEY";
            default -> null;
        };
        if (variable != null && baseUrl == null && environment.apply(variable) == null) {
            top.error("model_options.api_key", "is required: set it as ${NAME} or set " + variable + " on the server");
        }
    }

    private static ModelOptions.Price price(Fields options) {
        JsonNode node = options.get("prices");
        if (node == null) {
            return null;
        }
        if (!node.isObject() || !node.has("input") || !node.has("output")) {
            options.error("prices", "must be an object with input and output (USD per million tokens), optionally cached_input and cache_write");
            return null;
        }
        Fields prices = options.block("prices", PRICE_FIELDS);
        String shape = "must be a number of US dollars per million tokens, 0 or more";
        BigDecimal input = prices.decimal("input", BigDecimal.ZERO, shape);
        BigDecimal output = prices.decimal("output", BigDecimal.ZERO, shape);
        BigDecimal cached = prices.decimal("cached_input", BigDecimal.ZERO, shape);
        BigDecimal cacheWrite = prices.decimal("cache_write", BigDecimal.ZERO, shape);
        return new ModelOptions.Price(input, cached == null ? input : cached, cacheWrite == null ? input : cacheWrite, output);
    }
}
