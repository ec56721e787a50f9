package io.castellan.journal;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.platform.Json;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One append-only record of a process's journal, ordered by a per-process sequence number.
 * Entries of an invocation's steps carry a step key that is unique per invocation, so a step is
 * never recorded twice.
 */
@Entity
@Table(name = "journal_entry")
@IdClass(JournalEntry.Key.class)
public class JournalEntry {

    /** The composite key: process and sequence number. */
    public static class Key implements Serializable {
        private String processName;
        private long seq;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.seq == seq && Objects.equals(k.processName, processName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(processName, seq);
        }
    }

    @Convert(disableConversion = true)
    @Id
    @Column(name = "process_name")
    private String processName;

    @Id
    private long seq;

    private Instant at;

    @Enumerated(EnumType.STRING)
    private JournalType type;

    @Column(name = "invocation_id")
    private String invocationId;

    @Column(name = "step_key")
    private String stepKey;

    private String data;

    /** The process's name on an entry looked up by its type ({@link JournalType#lookedUpByType}), null on others. */
    @Column(name = "lookup_process")
    private String lookupProcess;

    protected JournalEntry() {
    }

    JournalEntry(String processName, long seq, Instant at, JournalType type, String invocationId, String stepKey, String data) {
        this.processName = processName;
        this.seq = seq;
        this.at = at;
        this.type = type;
        this.invocationId = invocationId;
        this.stepKey = stepKey;
        this.data = data;
        this.lookupProcess = type.lookedUpByType() ? processName : null;
    }

    public long seq() {
        return seq;
    }

    public Instant at() {
        return at;
    }

    public JournalType type() {
        return type;
    }

    /** The step this entry records, unique within its invocation; null for entries that are not steps. */
    public String stepKey() {
        return stepKey;
    }

    public String invocationId() {
        return invocationId;
    }

    public JsonNode data() {
        return Json.read(data);
    }
}
