package io.castellan.manifest;

/**
 * A manifest's {@code memory:} block.
 *
 * @param autoRecall how many memories nearest to the trigger are put into the first prompt (0: none)
 * @param embedding which model embeds the memories: {@code local} (in the server, no network)
 */
public record MemorySpec(int autoRecall, String embedding) {

    public static final MemorySpec NONE = new MemorySpec(0, "local");
}
