package io.castellan.memory;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.castellan.manifest.MemorySpec;
import io.castellan.platform.ProblemException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A provider's embedding model, through LangChain4j's client for it: {@code openai:<model>} (any
 * OpenAI-compatible {@code /embeddings} endpoint) or {@code ollama:<model>}. A provider that cannot
 * be reached or refuses is a 503 problem naming where and why; nothing is stored then.
 */
final class ProviderEmbedder implements Embedder {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final MemorySpec spec;
    private final EmbeddingModel model;
    private volatile int dimension;

    ProviderEmbedder(MemorySpec spec, String apiKey) {
        this.spec = spec;
        this.model = switch (spec.provider()) {
            case "openai" -> OpenAiEmbeddingModel.builder().baseUrl(spec.baseUrl()).apiKey(apiKey == null ? "none" : apiKey)
                    .modelName(spec.modelName()).timeout(TIMEOUT).maxRetries(1).build();
            case "ollama" -> OllamaEmbeddingModel.builder().baseUrl(spec.baseUrl() == null ? "http://localhost:11434" : spec.baseUrl())
                    .modelName(spec.modelName()).timeout(TIMEOUT).maxRetries(1).build();
            default -> throw new IllegalArgumentException("no embedding provider " + spec.provider());
        };
    }

    @Override
    public String id() {
        return spec.embedding();
    }

    @Override
    public int dimension() {
        if (dimension == 0) {
            dimension = embed("dimension").length;
        }
        return dimension;
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        try {
            List<float[]> vectors = model.embedAll(texts.stream().map(TextSegment::from).toList()).content().stream()
                    .map(e -> e.vector()).toList();
            if (vectors.size() != texts.size() || vectors.stream().anyMatch(v -> v.length == 0)) {
                throw new IllegalStateException("it answered " + vectors.size() + " vectors for " + texts.size() + " texts");
            }
            // learnt from any answer, so that an index asking for it later (in a transaction) needs no call of its own
            if (dimension == 0 && !vectors.isEmpty()) {
                dimension = vectors.get(0).length;
            }
            return vectors;
        } catch (RuntimeException e) {
            String where = spec.baseUrl() != null ? URI.create(spec.baseUrl()).getHost() : spec.provider();
            throw new ProblemException(503, "Embedding model unavailable", "memory embedding " + spec.embedding() + " at " + where
                    + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }
}
