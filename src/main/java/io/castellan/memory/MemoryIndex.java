package io.castellan.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * One process's memories in memory, for search by meaning: each current memory's embedding in one
 * byte a dimension, scanned whole (100,000 memories of 384 dimensions are 38 MB and one pass). The
 * bytes are laid out in blocks of {@link #BLOCK} memories, dimension by dimension ({@link #at}): the
 * scan then adds one query dimension into the scores of a whole block at a time, a loop the JIT
 * turns into vector instructions; one memory's dot product after another was a chain of dependent
 * additions it cannot (on 100,000 memories, 2 cores: ~13 ms a scan against ~50).
 * Changes come as rows and are applied once each, whatever their order: a memory's
 * newer row wins, so a row read while the index is built and the same row applied after its commit
 * agree. Thread-safe: searches share, changes exclude.
 */
final class MemoryIndex {

    /** A match: the memory and its cosine similarity to the query. */
    record Hit(String memoryId, double score) {
    }

    /** A memory's row as the index needs it: which row, which memory, and its vector (null for a deletion). */
    record Change(long version, String memoryId, String embedder, float[] vector, String[] tags) {

        static Change of(MemoryRow row) {
            return new Change(row.version(), row.memoryId(), row.embedder(), row.deleted() ? null : row.vector(),
                    row.tags().toArray(String[]::new));
        }

        /**
         * The order of a process's writes: its journal sequence, which follows commits whichever
         * server wrote it; a row from before there was one comes first, ordered by its id.
         */
        static long version(Long journalSeq, long id) {
            return journalSeq != null ? journalSeq : Long.MIN_VALUE + id;
        }
    }

    /** Memories in one block; an index holds at least one block ({@code BLOCK * dimension} bytes, 48 KiB for 384). */
    static final int BLOCK = 128;

    private final String embedder;
    private final int dimension;
    /** Dimension {@code d} of the memory in {@code slot} is at {@link #at}{@code (slot, d)}. */
    private byte[] vectors = new byte[0];
    private float[] scales = new float[0];
    private String[] ids = new String[0];
    private String[][] tags = new String[0][];
    private int size;
    private final Map<String, Integer> slots = new HashMap<>();
    /** The version of the newest row applied for each memory, deletions included. */
    private final Map<String, Long> newest = new HashMap<>();

    MemoryIndex(String embedder, int dimension) {
        this.embedder = embedder;
        this.dimension = dimension;
    }

    synchronized void apply(Change row) {
        Long seen = newest.get(row.memoryId());
        if (seen != null && seen >= row.version()) {
            return;
        }
        newest.put(row.memoryId(), row.version());
        Integer slot = slots.get(row.memoryId());
        float[] vector = embedder.equals(row.embedder()) ? row.vector() : null;
        boolean searchable = vector != null && vector.length == dimension;
        if (!searchable) {
            if (slot != null) {
                remove(slot);
            }
            return;
        }
        if (slot == null) {
            slot = size++;
            grow();
            slots.put(row.memoryId(), slot);
        }
        ids[slot] = row.memoryId();
        tags[slot] = row.tags();
        byte[] quantized = new byte[dimension];
        scales[slot] = Vectors.quantize(Vectors.normalized(vector), quantized, 0);
        for (int d = 0; d < dimension; d++) {
            vectors[at(slot, d)] = quantized[d];
        }
    }

    /** Where dimension {@code d} of the memory in {@code slot} is: its block, then the dimension, then its place in the block. */
    private int at(int slot, int d) {
        return ((slot / BLOCK) * dimension + d) * BLOCK + slot % BLOCK;
    }

    String embedder() {
        return embedder;
    }

    synchronized int size() {
        return size;
    }

    /** The {@code limit} memories nearest to the query (a unit vector), best first, among those with every tag asked for. */
    synchronized List<Hit> nearest(float[] query, int limit, Set<String> requiredTags) {
        PriorityQueue<Hit> best = new PriorityQueue<>((a, b) -> Double.compare(a.score(), b.score()));
        float[] dots = new float[BLOCK];
        for (int first = 0; first < size; first += BLOCK) {
            dotsOfBlock(query, first / BLOCK, dots);
            for (int slot = first; slot < Math.min(size, first + BLOCK); slot++) {
                if (!requiredTags.isEmpty() && !Arrays.asList(tags[slot]).containsAll(requiredTags)) {
                    continue;
                }
                double score = dots[slot - first] * scales[slot];
                if (best.size() < limit) {
                    best.add(new Hit(ids[slot], score));
                } else if (score > best.peek().score()) {
                    best.poll();
                    best.add(new Hit(ids[slot], score));
                }
            }
        }
        List<Hit> hits = new ArrayList<>(best);
        hits.sort((a, b) -> Double.compare(b.score(), a.score()));
        return hits;
    }

    /** The query's dot product with each memory of a block (unscaled): one dimension at a time, for the whole block. */
    private void dotsOfBlock(float[] query, int block, float[] dots) {
        Arrays.fill(dots, 0);
        int offset = block * dimension * BLOCK;
        for (int d = 0; d < dimension; d++, offset += BLOCK) {
            float q = query[d];
            for (int j = 0; j < BLOCK; j++) {
                dots[j] += q * vectors[offset + j];
            }
        }
    }

    private void remove(int slot) {
        int last = size - 1;
        slots.remove(ids[slot]);
        if (slot != last) {
            for (int d = 0; d < dimension; d++) {
                vectors[at(slot, d)] = vectors[at(last, d)];
            }
            scales[slot] = scales[last];
            ids[slot] = ids[last];
            tags[slot] = tags[last];
            slots.put(ids[slot], slot);
        }
        ids[last] = null;
        tags[last] = null;
        size = last;
    }

    private void grow() {
        if (size <= ids.length) {
            return;
        }
        // whole blocks: a block's bytes are contiguous, so growing keeps every memory where it was
        int capacity = Math.max(BLOCK, (ids.length * 3 / 2 + BLOCK) / BLOCK * BLOCK);
        vectors = Arrays.copyOf(vectors, capacity * dimension);
        scales = Arrays.copyOf(scales, capacity);
        ids = Arrays.copyOf(ids, capacity);
        tags = Arrays.copyOf(tags, capacity);
    }
}
