package io.castellan.memory;

import java.util.List;

/**
 * Turns text into a vector whose direction carries its meaning: memories are found by the cosine
 * of their vectors. An implementation is chosen by a manifest's {@code memory.embedding}; a
 * memory remembers which one embedded it, and only vectors of the same one are compared.
 */
public interface Embedder {

    /** Names the model, as stored with each memory ({@code local:all-minilm-l6-v2-q}). */
    String id();

    int dimension();

    float[] embed(String text);

    /** Several texts at once: cheaper per text than one by one. */
    default List<float[]> embedAll(List<String> texts) {
        return texts.stream().map(this::embed).toList();
    }
}
