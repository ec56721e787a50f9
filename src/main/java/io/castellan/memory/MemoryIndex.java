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
 * byte a dimension (a flat array, scanned whole: 100,000 memories of 384 dimensions are 38 MB and
 * one pass). Changes come as rows and are applied once each, whatever their order: a memory's
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

    private final String embedder;
    private final int dimension;
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
        scales[slot] = Vectors.quantize(Vectors.normalized(vector), vectors, slot * dimension);
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
        for (int slot = 0; slot < size; slot++) {
            if (!requiredTags.isEmpty() && !Arrays.asList(tags[slot]).containsAll(requiredTags)) {
                continue;
            }
            double score = dot(query, slot * dimension) * scales[slot];
            if (best.size() < limit) {
                best.add(new Hit(ids[slot], score));
            } else if (score > best.peek().score()) {
                best.poll();
                best.add(new Hit(ids[slot], score));
            }
        }
        List<Hit> hits = new ArrayList<>(best);
        hits.sort((a, b) -> Double.compare(b.score(), a.score()));
        return hits;
    }

    /** Four running sums: the scan is bound by their latency otherwise. */
    private float dot(float[] query, int offset) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < dimension; i += 4) {
            s0 += query[i] * vectors[offset + i];
            s1 += query[i + 1] * vectors[offset + i + 1];
            s2 += query[i + 2] * vectors[offset + i + 2];
            s3 += query[i + 3] * vectors[offset + i + 3];
        }
        for (; i < dimension; i++) {
            s0 += query[i] * vectors[offset + i];
        }
        return s0 + s1 + s2 + s3;
    }

    private void remove(int slot) {
        int last = size - 1;
        slots.remove(ids[slot]);
        if (slot != last) {
            System.arraycopy(vectors, last * dimension, vectors, slot * dimension, dimension);
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
        int capacity = Math.max(16, ids.length * 3 / 2 + 1);
        vectors = Arrays.copyOf(vectors, capacity * dimension);
        scales = Arrays.copyOf(scales, capacity);
        ids = Arrays.copyOf(ids, capacity);
        tags = Arrays.copyOf(tags, capacity);
    }
}
