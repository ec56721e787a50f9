package io.castellan.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.castellan.inbox.Inbox;
import io.castellan.inbox.InboxMessage;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessLocks;
import io.castellan.process.Processes;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a step transaction that opens with its process's lock may skip: reading the invocation
 * again at its ending (it read it under the lock) and looking at the inbox when the process row
 * says it holds no mail (a post sets that mark under the same lock). These check the marks that
 * decide it, and that a message posted meanwhile is delivered once the lock is let go, not lost.
 */
@ExtendWith(ArquillianExtension.class)
class LockedFirstArqIT {

    @Deployment
    static WebArchive deployment() {
        return CastellanArchive.withTests(LockedFirstArqIT.class, H2Sessions.class);
    }

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private Processes processes;

    @Inject
    private Inbox inbox;

    @Inject
    private UserTransaction transaction;

    @Resource(lookup = "jdbc/castellan")
    private DataSource database;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    private ManagedExecutorService executor;

    @Test
    void onlyALockTakenBeforeTheTransactionReadAnyRowCountsAsTakenFirst() throws Exception {
        String first = deployed();
        String second = deployed();

        transaction.begin();
        processLocks.lock(first);
        processLocks.lock(second);
        assertThat(processLocks.lockedFirst(first)).as("locked before anything was read").isTrue();
        assertThat(processLocks.lockedFirst(second)).as("locked once the first process's row was held").isFalse();
        transaction.commit();

        transaction.begin();
        processes.find(first);
        processLocks.lock(first);
        assertThat(processLocks.lockedFirst(first)).as("its row read before the lock").isFalse();
        assertThat(processLocks.holds(first)).isTrue();
        transaction.commit();
    }

    @Test
    void manyProcessesLockedInOneQueryAreHeldByTheTransactionAndWaitedForByOthers() throws Exception {
        String first = deployed();
        String second = deployed();
        int blockedBefore = H2Sessions.blocked(database);

        transaction.begin();
        assertThat(processLocks.lockAll(List.of(second, first, "arq-locked-none", first)))
                .as("each process once, a name with none left out").containsOnlyKeys(first, second);
        // recorded as locked for update: a journal append finds the lock taken and reads nothing again
        assertThat(processLocks.holds(first)).isTrue();
        assertThat(processLocks.holds(second)).isTrue();
        Future<?> other = executor.submit(() -> {
            transaction.begin();
            processLocks.lock(second);
            transaction.commit();
            return null;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> other.isDone() || H2Sessions.blocked(database) > blockedBefore);
        assertThat(other.isDone()).as("another transaction took the lock while this one held it").isFalse();
        transaction.commit();
        other.get();
    }

    @Test
    void aMessagePostedWhileTheLockIsHeldWaitsAndIsTakenByTheNextTransaction() throws Exception {
        String name = deployed();
        String invocation = UUID.randomUUID().toString();
        int blockedBefore = H2Sessions.blocked(database);

        transaction.begin();
        processLocks.lock(name);
        assertThat(inbox.take(name, invocation, 1)).isEmpty();
        Future<?> operator = executor.submit(() -> {
            transaction.begin();
            inbox.post(name, "stop after this one", InboxMessage.Priority.HIGH, Duration.ofHours(1), "api:operator");
            transaction.commit();
            return null;
        });
        // the post's journal entry waits for the process's lock, which this transaction holds
        await().atMost(Duration.ofSeconds(5)).until(() -> operator.isDone() || H2Sessions.blocked(database) > blockedBefore);
        assertThat(operator.isDone()).as("the post ended (or failed) while the process was locked").isFalse();
        assertThat(inbox.take(name, invocation, 2)).as("nothing this transaction can see").isEmpty();
        transaction.commit();
        operator.get();

        transaction.begin();
        processLocks.lock(name);
        assertThat(inbox.take(name, invocation, 3)).extracting(InboxMessage::message).containsExactly("stop after this one");
        transaction.commit();
    }

    @Test
    void aMessagePostedInTheTransactionThatFoundTheInboxEmptyIsTakenByItsNextLook() throws Exception {
        String name = deployed();
        String invocation = UUID.randomUUID().toString();

        transaction.begin();
        processLocks.lock(name);
        assertThat(inbox.take(name, invocation, 1)).isEmpty();
        inbox.post(name, "from a step of this transaction", InboxMessage.Priority.NORMAL, Duration.ofHours(1), "agent:test");
        assertThat(inbox.take(name, invocation, 2)).extracting(InboxMessage::message).containsExactly("from a step of this transaction");
        transaction.commit();
    }

    @Test
    void theMarkOfMailStaysUntilATurnTakesTheLastMessage() throws Exception {
        String name = deployed();
        String invocation = UUID.randomUUID().toString();
        transaction.begin();
        for (int i = 0; i <= Inbox.PER_TURN; i++) {
            inbox.post(name, "message " + i, InboxMessage.Priority.NORMAL, Duration.ofHours(1), "api:operator");
        }
        transaction.commit();

        transaction.begin();
        AgentProcess locked = processLocks.lock(name);
        assertThat(locked.inboxPending()).as("marked by the posts").isTrue();
        List<String> heard = new ArrayList<>(inbox.take(name, invocation, 1).stream().map(InboxMessage::message).toList());
        assertThat(heard).hasSize(Inbox.PER_TURN);
        assertThat(locked.inboxPending()).as("a full turn's worth taken: there may be more").isTrue();
        // one left; all in the order they were posted, though many were posted in the same millisecond
        heard.addAll(inbox.take(name, invocation, 2).stream().map(InboxMessage::message).toList());
        assertThat(heard).containsExactlyElementsOf(IntStream.rangeClosed(0, Inbox.PER_TURN).mapToObj(i -> "message " + i).toList());
        assertThat(locked.inboxPending()).as("the last one taken").isFalse();
        transaction.commit();

        transaction.begin();
        assertThat(processLocks.lock(name).inboxPending()).as("cleared for the next transactions").isFalse();
        assertThat(inbox.take(name, invocation, 3)).isEmpty();
        transaction.commit();
    }

    @Test
    void aMarkWhoseMessagesExpiredIsClearedByTheNextLook() throws Exception {
        String name = deployed();
        transaction.begin();
        inbox.post(name, "gone before anyone reads it", InboxMessage.Priority.NORMAL, Duration.ofMillis(1), "api:operator");
        transaction.commit();
        await().atMost(Duration.ofSeconds(5)).until(() -> inbox.pending(name).isEmpty());

        transaction.begin();
        AgentProcess locked = processLocks.lock(name);
        assertThat(locked.inboxPending()).isTrue();
        assertThat(inbox.take(name, UUID.randomUUID().toString(), 1)).isEmpty();
        assertThat(locked.inboxPending()).isFalse();
        transaction.commit();
    }

    private String deployed() {
        String name = "arq-locked-" + UUID.randomUUID().toString().substring(0, 8);
        processes.deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name), "test");
        return name;
    }
}
