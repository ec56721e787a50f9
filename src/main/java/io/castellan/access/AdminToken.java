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
import java.util.logging.Logger;

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
    private static final Logger LOG = Logger.getLogger(AdminToken.class.getName());

    @Inject
    private Tokens tokens;

    private byte[] environmentTokenHash;

    @PostConstruct
    void init() {
        String fromEnv = System.getenv("CASTELLAN_ADMIN_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            environmentTokenHash = Tokens.hash(fromEnv).getBytes(StandardCharsets.US_ASCII);
            LOG.info("Admin token taken from CASTELLAN_ADMIN_TOKEN");
            return;
        }
        Path file = Path.of(ServerSettings.get("castellan/data/dir", "castellan"), "admin-token");
        if (tokens.exists(NAME)) {
            LOG.info(() -> "Admin token was generated at first start; it is in " + file);
            return;
        }
        OwnerOnlyFile.write(file, tokens.create(NAME, Role.ADMIN));
        LOG.info(() -> "Generated the admin token and wrote it to " + file);
    }

    /** Recognises the environment's admin token, compared in constant time. Immutable after start-up. */
    public Optional<Caller> match(String secret) {
        if (environmentTokenHash == null) {
            return Optional.empty();
        }
        byte[] candidate = Tokens.hash(secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(environmentTokenHash, candidate)
                ? Optional.of(new Caller(NAME, Role.ADMIN))
                : Optional.empty();
    }
}
