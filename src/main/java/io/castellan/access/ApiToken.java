package io.castellan.access;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A named API token; only the SHA-256 of the secret is kept. */
@Entity
@Table(name = "api_token")
public class ApiToken {

    @Convert(disableConversion = true)
    @Id
    private String name;

    @Enumerated(EnumType.STRING)
    private Role role;

    @Column(name = "token_hash")
    private String tokenHash;

    @Column(name = "created_at")
    private Instant createdAt;

    protected ApiToken() {
    }

    public ApiToken(String name, Role role, String tokenHash, Instant createdAt) {
        this.name = name;
        this.role = role;
        this.tokenHash = tokenHash;
        this.createdAt = createdAt;
    }

    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
