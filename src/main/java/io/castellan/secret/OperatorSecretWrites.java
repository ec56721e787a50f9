package io.castellan.secret;

import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.platform.Json;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessLocks;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * An operator's set or rotation of a secret through the API, in a transaction of its own. Its
 * caller checks the request first ({@link SecretResource}): a refusal thrown out of this
 * transaction would be an FFDC incident of the server's, one per name asked for.
 */
@ApplicationScoped
class OperatorSecretWrites {

    @Inject
    private Secrets secrets;

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private Processes processes;

    @Inject
    private Journal journal;

    /** The process locked and its version read under the lock, the value stored encrypted, the change journaled (without it). */
    @Transactional
    void set(String process, String secret, String value, String by) {
        AgentProcess locked = processLocks.lock(process);
        secrets.set(process, processes.manifest(process, locked.version()), secret, value);
        journal.append(process, JournalType.SECRET_SET, null, Json.object().put("secret", secret).put("by", by));
    }
}
