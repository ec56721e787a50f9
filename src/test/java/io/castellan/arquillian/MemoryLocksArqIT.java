package io.castellan.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.castellan.journal.Journal;
import io.castellan.journal.JournalEntry;
import io.castellan.journal.JournalType;
import io.castellan.memory.Memories;
import io.castellan.memory.MemoryInput;
import io.castellan.process.ProcessLocks;
import io.castellan.process.Processes;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A memory changed by an invocation and by an operator at once. The invocation's transaction locks
 * its process first (every loop transaction does) and then the memory's row ({@code memory_manage});
 * the API's delete must take the same order, or each would hold the lock the other waits for.
 */
@ExtendWith(ArquillianExtension.class)
class MemoryLocksArqIT {

    @Deployment
    static WebArchive deployment() {
        return CastellanArchive.withTests(MemoryLocksArqIT.class, H2Sessions.class);
    }

    @Inject
    private Memories memories;

    @Inject
    private Processes processes;

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private Journal journal;

    @Inject
    private UserTransaction transaction;

    @Resource(lookup = "jdbc/castellan")
    private DataSource database;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    private ManagedExecutorService executor;

    @Test
    void anOperatorsDeleteWaitsBehindTheInvocationThatHoldsTheProcessAndBothGoThrough() throws Exception {
        String name = "arq-memory-" + UUID.randomUUID().toString().substring(0, 8);
        processes.deploy("name: %s\nmodel: scripted\ntools: [memory_manage]\nscript: [{reply: ok}]\n".formatted(name), "test");
        transaction.begin();
        String id = memories.store(name, new MemoryInput("the deploy window is Friday", List.of(), null), "api:test", null).memoryId();
        transaction.commit();
        int blockedBefore = H2Sessions.blocked(database);

        // the invocation's step transaction: the process row first, as LoopTransaction opens it
        transaction.begin();
        processLocks.lock(name);
        Future<?> operator = executor.submit(() -> {
            transaction.begin();
            memories.delete(name, id, "api:operator", null);
            transaction.commit();
            return null;
        });
        // the operator's delete now waits for a lock this transaction holds (with the memory's row
        // taken first, it would hold that row while it waits)
        await().atMost(Duration.ofSeconds(5)).until(() -> operator.isDone() || H2Sessions.blocked(database) > blockedBefore);
        assertThat(operator.isDone()).as("the delete ended (or failed) while the process was locked").isFalse();
        // memory_manage's update in the same step: it needs the memory's row
        memories.update(name, id, "the deploy window is Thursday", "agent:test", UUID.randomUUID().toString());
        transaction.commit();
        operator.get();

        assertThat(journal.after(name, 0, 100)).extracting(JournalEntry::type)
                .containsSubsequence(JournalType.MEMORY_STORED, JournalType.MEMORY_UPDATED, JournalType.MEMORY_DELETED);
        assertThat(memories.find(name, id)).as("deleted after the update").isEmpty();
    }
}
