package io.castellan.memory;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.platform.Json;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One change of one memory of a process: a store, an update (a new row with the same
 * {@code memoryId}) or a deletion (a row without text). Rows are never changed afterwards, except
 * that a newer row of the same memory clears {@code latest} on the one before.
 */
@Entity
@Table(name = "memory_row")
public class MemoryRow {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "memory_row_seq")
    @SequenceGenerator(name = "memory_row_seq", sequenceName = "memory_row_seq", allocationSize = 50)
    private long id;

    @Column(name = "memory_id")
    private String memoryId;

    @Column(name = "process_name")
    private String processName;

    private Instant at;

    private String source;

    private boolean deleted;

    private boolean latest;

    @Column(name = "text_content")
    private String text;

    private String tags;

    private String metadata;

    private String embedder;

    private byte[] embedding;

    /** The sequence number of the journal entry written with this row: commit order within the process; null before V23. */
    @Column(name = "journal_seq")
    private Long journalSeq;

    protected MemoryRow() {
    }

    static MemoryRow stored(String memoryId, String process, Instant at, String source, String text, List<String> tags,
            JsonNode metadata, String embedder, float[] vector) {
        MemoryRow row = new MemoryRow();
        row.memoryId = memoryId;
        row.processName = process;
        row.at = at;
        row.source = source;
        row.latest = true;
        row.text = text;
        row.tags = Json.write(Json.MAPPER.valueToTree(tags));
        row.metadata = metadata == null ? null : Json.write(metadata);
        row.embedder = embedder;
        row.embedding = Vectors.toBytes(vector);
        return row;
    }

    static MemoryRow deletion(String memoryId, String process, Instant at, String source) {
        MemoryRow row = new MemoryRow();
        row.memoryId = memoryId;
        row.processName = process;
        row.at = at;
        row.source = source;
        row.latest = true;
        row.deleted = true;
        return row;
    }

    /** A newer row of this memory was written. */
    /** The journal entry that records this row, written in its transaction. */
    void journaled(long seq) {
        this.journalSeq = seq;
    }

    /** Where this row stands among the process's memory writes (what an index applies last wins). */
    long version() {
        return MemoryIndex.Change.version(journalSeq, id);
    }

    void superseded() {
        latest = false;
    }

    public long id() {
        return id;
    }

    public String memoryId() {
        return memoryId;
    }

    public String processName() {
        return processName;
    }

    public Instant at() {
        return at;
    }

    public String source() {
        return source;
    }

    public boolean deleted() {
        return deleted;
    }

    public String text() {
        return text;
    }

    public List<String> tags() {
        List<String> list = new ArrayList<>();
        if (tags != null) {
            Json.read(tags).forEach(t -> list.add(t.asText()));
        }
        return list;
    }

    /** The metadata object, or null when there is none. */
    public JsonNode metadata() {
        return metadata == null ? null : Json.read(metadata);
    }

    public String embedder() {
        return embedder;
    }

    float[] vector() {
        return embedding == null ? null : Vectors.fromBytes(embedding);
    }
}
