package io.castellan.secret;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * At start, whether this server's secrets key is the fleet's: the first server to start seals a
 * sample with its key into the database; every server after it must open that sample. A server
 * with another key (each generates its own unless {@code CASTELLAN_SECRETS_KEY} is set) could not
 * decrypt the secrets the others set: it says so at start, and its readiness is DOWN.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SecretsKeyCheck {

    private static final Logger LOG = Logger.getLogger(SecretsKeyCheck.class.getName());

    @Inject
    private SecretsKeySample samples;

    @Inject
    private SecretCipher cipher;

    private volatile boolean matches = true;

    @PostConstruct
    void check() {
        Optional<String> sealed = samples.read();
        if (sealed.isEmpty()) {
            try {
                samples.store(cipher.sample());
                return;
            } catch (RuntimeException e) {
                // another server starting at the same moment stored its sample first: this one's key must open it
                sealed = samples.read();
            }
        }
        matches = sealed.map(cipher::opens).orElse(true);
        if (!matches) {
            LOG.severe("This server's secrets key is not the one the database's secrets are encrypted with: it cannot decrypt them."
                    + " Give every server of a fleet the same CASTELLAN_SECRETS_KEY.");
        }
    }

    /** False when this server's key cannot open the secrets the database holds. */
    @Lock(LockType.READ)
    public boolean matches() {
        return matches;
    }
}
