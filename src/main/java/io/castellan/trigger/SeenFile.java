package io.castellan.trigger;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** What a file watch last saw of one file: its size and modification time, or that it is gone. */
@Entity
@Table(name = "file_seen")
public class SeenFile {

    @Convert(disableConversion = true)
    @Id
    private String id;

    @Column(name = "watch_id")
    private String watchId;

    @Column(name = "process_name")
    private String processName;

    @Column(name = "file_path")
    private String filePath;

    @Column(name = "size_bytes")
    private long size;

    @Column(name = "modified_at")
    private Instant modifiedAt;

    private boolean present;

    @Column(name = "changed_at")
    private Instant changedAt;

    protected SeenFile() {
    }

    SeenFile(String id, String watchId, String processName, String filePath, FileState state, Instant now) {
        this.id = id;
        this.watchId = watchId;
        this.processName = processName;
        this.filePath = filePath;
        saw(state, now);
    }

    String filePath() {
        return filePath;
    }

    /** Null when the file is gone. */
    FileState state() {
        return present ? new FileState(size, modifiedAt) : null;
    }

    /** @param state null when the file is gone (its last size and time are kept) */
    void saw(FileState state, Instant now) {
        present = state != null;
        if (state != null) {
            size = state.size();
            modifiedAt = state.modifiedAt();
        }
        changedAt = now;
    }
}
