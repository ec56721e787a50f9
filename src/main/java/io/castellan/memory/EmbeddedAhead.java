package io.castellan.memory;

import java.util.Map;

/**
 * An embedder that first looks among the vectors embedded ahead on this thread
 * ({@link Embedders#ahead}): a text embedded before the transaction opened is not sent to the
 * provider again inside it. A failure met ahead is thrown again here, where the text is embedded,
 * so the operation fails as it would have (and does not try the provider from inside the
 * transaction instead).
 */
record EmbeddedAhead(Embedder embedder, Map<String, Object> ahead) implements Embedder {

    /** How a text embedded ahead is found: by the embedder that made its vector, then the text. */
    static String key(String embedderId, String text) {
        return embedderId + '\n' + text;
    }

    @Override
    public String id() {
        return embedder.id();
    }

    @Override
    public int dimension() {
        return embedder.dimension();
    }

    @Override
    public float[] embed(String text) {
        Object found = ahead.get(key(id(), text));
        if (found instanceof float[] vector) {
            // a copy: the caller may normalise it in place
            return vector.clone();
        }
        if (found instanceof RuntimeException failed) {
            throw failed;
        }
        return embedder.embed(text);
    }
}
