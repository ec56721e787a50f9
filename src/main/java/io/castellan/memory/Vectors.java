package io.castellan.memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Embeddings as stored (float32, little-endian) and as held in a search index (one byte a dimension). */
final class Vectors {

    private Vectors() {
    }

    static byte[] toBytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    static float[] fromBytes(byte[] bytes) {
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** The vector scaled to length 1, so that a dot product is the cosine; a zero vector stays zero. */
    static float[] normalized(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += v * v;
        }
        float[] unit = vector.clone();
        if (sum > 0) {
            float scale = (float) (1 / Math.sqrt(sum));
            for (int i = 0; i < unit.length; i++) {
                unit[i] *= scale;
            }
        }
        return unit;
    }

    /**
     * The vector in one signed byte a dimension, scaled so its largest component is 127; the scale
     * to multiply a dot product by is returned. A quarter of the memory of floats, and ranking by it
     * differs from exact cosines by a few thousandths.
     */
    static float quantize(float[] vector, byte[] into, int offset) {
        float max = 0;
        for (float v : vector) {
            max = Math.max(max, Math.abs(v));
        }
        if (max == 0) {
            return 0;
        }
        float toByte = 127 / max;
        for (int i = 0; i < vector.length; i++) {
            into[offset + i] = (byte) Math.round(vector[i] * toByte);
        }
        return max / 127;
    }
}
