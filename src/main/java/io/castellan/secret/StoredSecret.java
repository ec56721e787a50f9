package io.castellan.secret;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A secret's value, encrypted, with when it was set and when it expires. */
@Entity
@Table(name = "process_secret")
class StoredSecret {

    /** {@code <process>/<name>} */
    @Convert(disableConversion = true)
    @Id
    private String id;

    @Column(name = "process_name")
    private String processName;

    private String name;

    private String ciphertext;

    /** env or api */
    private String source;

    @Column(name = "set_at")
    private Instant setAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    protected StoredSecret() {
    }

    StoredSecret(String processName, String name) {
        this.id = id(processName, name);
        this.processName = processName;
        this.name = name;
    }

    static String id(String process, String name) {
        return process + "/" + name;
    }

    void set(String ciphertext, String source, Instant now, Instant expiresAt) {
        this.ciphertext = ciphertext;
        this.source = source;
        this.setAt = now;
        this.expiresAt = expiresAt;
    }

    String processName() {
        return processName;
    }

    String name() {
        return name;
    }

    String ciphertext() {
        return ciphertext;
    }

    String source() {
        return source;
    }

    Instant setAt() {
        return setAt;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    boolean expired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
