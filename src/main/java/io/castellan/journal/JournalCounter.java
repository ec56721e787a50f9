package io.castellan.journal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The last sequence number given out in a process's journal; its row lock orders appends. */
@Entity
@Table(name = "journal_counter")
class JournalCounter {

    @Id
    @Column(name = "process_name")
    private String processName;

    @Column(name = "last_seq")
    private long lastSeq;

    protected JournalCounter() {
    }

    JournalCounter(String processName) {
        this.processName = processName;
    }

    long lastSeq() {
        return lastSeq;
    }

    long next() {
        return ++lastSeq;
    }
}
