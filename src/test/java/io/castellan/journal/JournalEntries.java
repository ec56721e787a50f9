package io.castellan.journal;

import java.time.Instant;

/** Journal entries for unit tests of what reads a journal, made without a database. */
public final class JournalEntries {

    private static long seq;

    private JournalEntries() {
    }

    public static JournalEntry entry(JournalType type, String dataJson) {
        return new JournalEntry("unit", ++seq, Instant.now(), type, "inv-1", null, dataJson);
    }
}
