package io.castellan.access;

import io.castellan.platform.OwnerOnlyFile;
import io.castellan.platform.ServerSettings;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The first admin token: taken from {@code CASTELLAN_ADMIN_TOKEN}, or generated at first start and
 * written once to a file only its owner can read.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class AdminToken {

    static final String NAME = "admin";

    @Inject
    private Tokens tokens;

    private byte[] environmentTokenHash;

    @PostConstruct
    void init() {
        String fromEnv = System.getenv("CASTELLAN_ADMIN_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            environmentTokenHash = Tokens.hash(fromEnv).getBytes(StandardCharsets.US_ASCII);
            announce("Castellan admin token: the one in CASTELLAN_ADMIN_TOKEN");
            return;
        }
        Path file = Path.of(ServerSettings.get("castellan/data/dir", "castellan"), "admin-token");
        if (tokens.exists(NAME)) {
            announce("Castellan admin token (generated at first start): " + file.toAbsolutePath());
            return;
        }
        OwnerOnlyFile.write(file, tokens.create(NAME, Role.ADMIN));
        announce("Castellan admin token (generated now): " + file.toAbsolutePath());
    }

    /**
     * Where the token is, as one line on the terminal that runs the server (Liberty copies standard
     * out to its console and messages.log; its console shows no INFO log lines by default).
     */
    @SuppressWarnings("java:S106")
    private static void announce(String line) {
        System.out.println(line);
    }

    /** Recognises the environment's admin token by the secret's hash, compared in constant time. Immutable after start-up. */
    public Optional<Caller> matchHash(String hash) {
        if (environmentTokenHash == null) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(environmentTokenHash, hash.getBytes(StandardCharsets.US_ASCII))
                ? Optional.of(new Caller(NAME, Role.ADMIN))
                : Optional.empty();
    }
}
