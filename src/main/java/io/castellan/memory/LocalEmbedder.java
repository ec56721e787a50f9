package io.castellan.memory;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.castellan.platform.ProblemException;
import io.castellan.platform.ServerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * LangChain4j's in-process all-MiniLM-L6-v2 (quantized, 384 dimensions): an ONNX model shipped in a
 * jar from Maven Central, run in the server with no network. Loaded at its first use (about a
 * second), then about 2 ms a short text on this project's two-core machine.
 */
@ApplicationScoped
public class LocalEmbedder implements Embedder {

    public static final String ID = "local:all-minilm-l6-v2-q";

    private volatile EmbeddingModel model;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /**
     * @throws ProblemException 400 naming {@code text} for a text the model finds nothing in (its
     *         {@code IllegalArgumentException}); {@link MemoryInput#blank} refuses those before
     */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        try {
            return model().embedAll(texts.stream().map(TextSegment::from).toList()).content().stream().map(e -> e.vector()).toList();
        } catch (IllegalArgumentException nothing) {
            throw ProblemException.invalid("text", "has nothing the embedding model can read: only spaces, control characters or marks");
        }
    }

    private EmbeddingModel model() {
        EmbeddingModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                if (model == null) {
                    nativeCache();
                    model = new AllMiniLmL6V2QuantizedEmbeddingModel();
                }
                loaded = model;
            }
        }
        return loaded;
    }

    /**
     * The tokenizer (DJL) unpacks its native library from its jar into a cache, by default under the
     * home directory: under the server's data directory instead, unless one is configured.
     */
    private static void nativeCache() {
        if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR",
                    java.nio.file.Path.of(ServerSettings.get("castellan/data/dir", "castellan"), "djl").toAbsolutePath().toString());
        }
    }
}
