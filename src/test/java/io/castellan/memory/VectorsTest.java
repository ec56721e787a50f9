package io.castellan.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    void bytesRoundTripAndQuantizedCosinesStayClose() {
        Random random = new Random(7);
        float[] a = new float[384];
        float[] b = new float[384];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
            b[i] = a[i] + (float) random.nextGaussian();
        }
        assertThat(Vectors.fromBytes(Vectors.toBytes(a))).containsExactly(a);
        float[] unitA = Vectors.normalized(a);
        float[] unitB = Vectors.normalized(b);
        byte[] quantized = new byte[384];
        float scale = Vectors.quantize(unitB, quantized, 0);
        double approximate = 0;
        for (int i = 0; i < 384; i++) {
            approximate += unitA[i] * quantized[i];
        }
        assertThat(approximate * scale).isCloseTo(Vectors.dot(unitA, unitB), offset(0.01));
        assertThat(Vectors.dot(unitA, unitA)).isCloseTo(1.0, offset(1e-5));
        assertThat(Vectors.normalized(new float[3])).containsExactly(0, 0, 0);
    }
}
