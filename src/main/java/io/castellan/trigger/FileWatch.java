package io.castellan.trigger;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** A files trigger's watch, from its first scan (its baseline) on. */
@Entity
@Table(name = "file_watch")
public class FileWatch {

    @Convert(disableConversion = true)
    @Id
    private String id;

    @Column(name = "process_name")
    private String processName;

    private String pattern;

    @Column(name = "began_at")
    private Instant beganAt;

    protected FileWatch() {
    }

    FileWatch(String processName, String pattern, Instant now) {
        this.id = idOf(processName, pattern);
        this.processName = processName;
        this.pattern = pattern;
        this.beganAt = now;
    }

    /** One id per process and pattern: a watch's rows outlive a restart and a redeploy that keeps the pattern. */
    static String idOf(String process, String pattern) {
        return hash(process + "\n" + pattern);
    }

    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
