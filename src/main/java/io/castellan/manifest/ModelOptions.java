package io.castellan.manifest;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach and drive a provider model. The API key is kept as the name of the environment
 * variable that holds it, so the key itself is never stored, journaled or returned.
 *
 * @param baseUrl        an OpenAI-compatible or provider endpoint; null for the server default
 * @param apiKeyVariable environment variable holding the key; null for the server default
 * @param temperature    null for the provider's default
 * @param maxOutputTokens null for the provider's default
 * @param maxRetries     attempts after the first for 429 and 5xx answers
 * @param prices         per-manifest price override, or null for the server's price table
 * @param stream         whether answers are streamed, token by token, to the invocation's live
 *                       stream ({@code GET /invocations/{id}/stream}; default true); the journal keeps each whole
 */
public record ModelOptions(
        String baseUrl,
        String apiKeyVariable,
        Double temperature,
        Integer maxOutputTokens,
        Duration timeout,
        int maxRetries,
        Price prices,
        boolean stream) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_RETRIES = 3;

    public static ModelOptions defaults() {
        return new ModelOptions(null, null, null, null, DEFAULT_TIMEOUT, DEFAULT_MAX_RETRIES, null, false);
    }

    public Optional<Price> priceOverride() {
        return Optional.ofNullable(prices);
    }

    /** US dollars per million tokens. */
    public record Price(BigDecimal input, BigDecimal cachedInput, BigDecimal cacheWrite, BigDecimal output) {
    }
}
