package io.castellan.manifest;

/**
 * How much conversation a process keeps in its prompt.
 *
 * @param maxTokens  the prompt budget (estimated tokens); 0 means "from the model"
 * @param compaction what happens to older turns when the budget would be exceeded
 */
public record ContextOptions(int maxTokens, Compaction compaction) {

    public enum Compaction { SUMMARIZE, TRUNCATE }

    public static ContextOptions defaults() {
        return new ContextOptions(0, Compaction.SUMMARIZE);
    }
}
