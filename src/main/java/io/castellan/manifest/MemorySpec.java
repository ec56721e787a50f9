package io.castellan.manifest;

/**
 * A manifest's {@code memory:} block.
 *
 * @param autoRecall how many memories nearest to the trigger are put into the first prompt (0: none)
 * @param embedding which model embeds the memories: {@code local} (in the server, no network),
 *                  {@code openai:<model>} (any OpenAI-compatible endpoint) or {@code ollama:<model>}
 * @param baseUrl the provider's endpoint; null for its default
 * @param apiKeyVariable the environment variable holding the provider's key; null for the server's
 *                       {@code OPENAI_API_KEY} (OpenAI) or none
 */
public record MemorySpec(int autoRecall, String embedding, String baseUrl, String apiKeyVariable) {

    public static final MemorySpec NONE = new MemorySpec(0, "local", null, null);

    public boolean local() {
        return "local".equals(embedding);
    }

    /** {@code openai} or {@code ollama}; null for the local model. */
    public String provider() {
        return local() ? null : embedding.substring(0, embedding.indexOf(':'));
    }

    public String modelName() {
        return local() ? null : embedding.substring(embedding.indexOf(':') + 1);
    }
}
