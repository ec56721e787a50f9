package io.castellan.process;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One deployed manifest of a process, kept as submitted. */
@Entity
@Table(name = "process_version")
@IdClass(ProcessVersion.Key.class)
public class ProcessVersion {

    /** The composite key: process name and version. */
    public static class Key implements Serializable {
        private String processName;
        private int version;

        public Key() {
        }

        public Key(String processName, int version) {
            this.processName = processName;
            this.version = version;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.version == version && Objects.equals(k.processName, processName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(processName, version);
        }
    }

    @Convert(disableConversion = true)
    @Id
    @Column(name = "process_name")
    private String processName;

    @Id
    private int version;

    @Column(name = "manifest_text")
    private String manifestText;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "created_by")
    private String createdBy;

    private String reason;

    protected ProcessVersion() {
    }

    ProcessVersion(String processName, int version, String manifestText, Instant createdAt, String createdBy, String reason) {
        this.processName = processName;
        this.version = version;
        this.manifestText = manifestText;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
        this.reason = reason;
    }

    public String manifestText() {
        return manifestText;
    }

    public int version() {
        return version;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** Who deployed it (a token's source, such as {@code token:ops}); null for versions stored before this was kept. */
    public String createdBy() {
        return createdBy;
    }

    /** Why, as the deployer said, or the version a rollback restored; null when nobody said. */
    public String reason() {
        return reason;
    }
}
