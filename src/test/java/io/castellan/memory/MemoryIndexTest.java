package io.castellan.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemoryIndexTest {

    private static final String MODEL = "test-model";

    private static MemoryIndex.Change row(long row, String memory, float[] vector, String... tags) {
        return new MemoryIndex.Change(row, memory, MODEL, vector, tags);
    }

    private static MemoryIndex.Change deletion(long row, String memory) {
        return new MemoryIndex.Change(row, memory, null, null, new String[0]);
    }

    private static List<String> ids(List<MemoryIndex.Hit> hits) {
        return hits.stream().map(MemoryIndex.Hit::memoryId).toList();
    }

    @Test
    void theNearestComeFirstWithTheirCosines() {
        MemoryIndex index = new MemoryIndex(MODEL, 3);
        index.apply(row(1, "east", new float[] {1, 0, 0}));
        index.apply(row(2, "north", new float[] {0, 5, 0}));
        index.apply(row(3, "north-east", new float[] {1, 1, 0}));
        List<MemoryIndex.Hit> hits = index.nearest(new float[] {0, 1, 0}, 2, Set.of());
        assertThat(ids(hits)).containsExactly("north", "north-east");
        assertThat(hits.get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(hits.get(1).score()).isCloseTo(Math.sqrt(0.5), org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void aNewerRowWinsWhateverTheOrderTheyArrive() {
        MemoryIndex index = new MemoryIndex(MODEL, 2);
        // the update (row 5) applied after its commit, then the table read brings the older row 4
        index.apply(row(5, "m", new float[] {0, 1}));
        index.apply(row(4, "m", new float[] {1, 0}));
        assertThat(index.nearest(new float[] {0, 1}, 1, Set.of()).get(0).score()).isGreaterThan(0.99);
        // a deletion read before the row it deletes keeps it out
        index.apply(deletion(9, "gone"));
        index.apply(row(8, "gone", new float[] {1, 0}));
        assertThat(ids(index.nearest(new float[] {1, 0}, 5, Set.of()))).containsExactly("m");
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void writesAreOrderedByTheirJournalSequenceNotByTheServerThatDrewTheirIds() {
        MemoryIndex index = new MemoryIndex(MODEL, 2);
        // stored on server B (its ids in the block from 51), then changed on server A (ids from 1):
        // the journal's sequence says which came last; a row from before there was one is older still
        MemoryIndex.Change storedOnB = row(MemoryIndex.Change.version(7L, 60), "m", new float[] {1, 0});
        MemoryIndex.Change changedOnA = row(MemoryIndex.Change.version(8L, 10), "m", new float[] {0, 1});
        MemoryIndex.Change legacy = row(MemoryIndex.Change.version(null, 99), "m", new float[] {1, 0});
        index.apply(changedOnA);
        index.apply(storedOnB);
        index.apply(legacy);
        assertThat(index.nearest(new float[] {0, 1}, 1, Set.of()).get(0).score()).as("A's change stands").isGreaterThan(0.99);
        assertThat(MemoryIndex.Change.version(null, 99)).isLessThan(MemoryIndex.Change.version(1L, 1));
    }

    @Test
    void removingAMemoryMovesTheLastIntoItsPlace() {
        MemoryIndex index = new MemoryIndex(MODEL, 2);
        for (int i = 0; i < 40; i++) {
            index.apply(row(i + 1, "m" + i, new float[] {1, i}));
        }
        index.apply(deletion(100, "m3"));
        index.apply(deletion(101, "m39"));
        assertThat(index.size()).isEqualTo(38);
        List<String> all = ids(index.nearest(new float[] {0, 1}, 100, Set.of()));
        assertThat(all).hasSize(38).doesNotContain("m3", "m39").contains("m38", "m0");
        assertThat(all.get(0)).isEqualTo("m38");
    }

    @Test
    void tagsAndOtherModelsNarrowTheSearch() {
        MemoryIndex index = new MemoryIndex(MODEL, 2);
        index.apply(row(1, "a", new float[] {1, 0}, "ops", "db"));
        index.apply(row(2, "b", new float[] {1, 0.1f}, "ops"));
        index.apply(new MemoryIndex.Change(3, "c", "another-model", new float[] {1, 0}, new String[0]));
        assertThat(ids(index.nearest(new float[] {1, 0}, 5, Set.of("ops", "db")))).containsExactly("a");
        assertThat(ids(index.nearest(new float[] {1, 0}, 5, Set.of()))).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void memoriesInManyBlocksAreFoundByTheirOwnVectorAfterRemovalsMoveOthersAround() {
        int dimension = 16;
        int count = 3 * MemoryIndex.BLOCK + 17;
        MemoryIndex index = new MemoryIndex(MODEL, dimension);
        java.util.Random random = new java.util.Random(7);
        float[][] vectors = new float[count][dimension];
        for (int m = 0; m < count; m++) {
            for (int d = 0; d < dimension; d++) {
                vectors[m][d] = (float) random.nextGaussian();
            }
            index.apply(row(m + 1, "m" + m, vectors[m], m % 2 == 0 ? "even" : "odd"));
        }
        // each removal moves the last memory (of the last block) into the removed one's place
        for (int m = 0; m < count; m += 7) {
            index.apply(deletion(count + m + 1, "m" + m));
        }
        assertThat(index.size()).isEqualTo(count - (count + 6) / 7);
        for (int m = 0; m < count; m++) {
            List<String> found = ids(index.nearest(Vectors.normalized(vectors[m]), 1, Set.of()));
            if (m % 7 == 0) {
                assertThat(found).as("m%d was deleted", m).doesNotContain("m" + m);
            } else {
                assertThat(found).as("m%d by its own vector", m).containsExactly("m" + m);
            }
        }
        assertThat(ids(index.nearest(Vectors.normalized(vectors[3]), 5, Set.of("odd")))).startsWith("m3")
                .allSatisfy(id -> assertThat(Integer.parseInt(id.substring(1)) % 2).isEqualTo(1));
    }
}
