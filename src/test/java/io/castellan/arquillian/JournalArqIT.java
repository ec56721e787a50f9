package io.castellan.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.journal.Journal;
import io.castellan.journal.JournalEntry;
import io.castellan.journal.JournalType;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import io.castellan.process.ProcessLocks;
import io.castellan.process.Processes;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionRequiredException;
import jakarta.transaction.TransactionalException;
import jakarta.transaction.UserTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The journal in the server: per-process sequence numbers, and no step recorded twice. */
@ExtendWith(ArquillianExtension.class)
class JournalArqIT {

    @Deployment
    static WebArchive deployment() {
        return CastellanArchive.withTests(JournalArqIT.class);
    }

    @Inject
    private Journal journal;

    @Inject
    private Processes processes;

    @Inject
    private UserTransaction transaction;

    @Inject
    private ProcessLocks processLocks;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    private ManagedExecutorService executor;

    @Test
    void numbersEntriesPerProcessAndRefusesARepeatedStep() throws Exception {
        String name = "arq-journal-" + UUID.randomUUID().toString().substring(0, 8);
        processes.deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name), "test");
        // the test server's database outlives a run: an id of its own keeps a second run from meeting the first
        String invocation = UUID.randomUUID().toString();

        transaction.begin();
        journal.append(name, JournalType.TOOL_STARTED, invocation, "tool_started:0", Json.object().put("step", 0));
        journal.append(name, JournalType.TOOL_RESULT, invocation, "tool_outcome:0", Json.object().put("step", 0));
        transaction.commit();

        assertThat(journal.after(name, 0, 100)).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L);
        assertThat(journal.after(name, 0, 100)).extracting(JournalEntry::type)
                .containsExactly(JournalType.PROCESS_DEPLOYED, JournalType.TOOL_STARTED, JournalType.TOOL_RESULT);

        transaction.begin();
        journal.append(name, JournalType.TOOL_RESULT, invocation, "tool_outcome:0", Json.object().put("step", 0));
        assertThatThrownBy(transaction::commit).isInstanceOf(RollbackException.class);

        assertThat(journal.ofInvocation(invocation)).hasSize(2);
    }

    /**
     * The sequence numbers are given out under the process row's lock, whether the appending
     * transaction took it before (as the engine's steps do) or the append takes it (an operator's
     * message, a decision): transactions at once never share a number nor skip one.
     */
    @Test
    void concurrentTransactionsNumberTheJournalWithoutGapsOrRepeats() throws Exception {
        String name = "arq-journal-" + UUID.randomUUID().toString().substring(0, 8);
        processes.deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name), "test");
        int transactions = 40;
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < transactions; i++) {
            boolean lockFirst = i % 2 == 0;
            done.add(executor.submit(() -> {
                transaction.begin();
                if (lockFirst) {
                    processLocks.lock(name);
                }
                journal.append(name, JournalType.INBOX_RECEIVED, null, Json.object().put("locked_first", lockFirst));
                journal.append(name, JournalType.INBOX_EXPIRED, null, Json.object().put("locked_first", lockFirst));
                transaction.commit();
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long expected = 1 + 2L * transactions;
        assertThat(journal.after(name, 0, 1000)).extracting(JournalEntry::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, expected).boxed().toList());
        assertThat(journal.lastSeq(name)).isEqualTo(expected);
    }

    @Test
    void aProcessThatDoesNotExistHasNoJournalToAppendTo() throws Exception {
        String name = "arq-journal-none-" + UUID.randomUUID().toString().substring(0, 8);
        transaction.begin();
        try {
            assertThatThrownBy(() -> journal.append(name, JournalType.INBOX_RECEIVED, null, Json.object()))
                    .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(404));
        } finally {
            transaction.rollback();
        }
        assertThat(journal.after(name, 0, 10)).isEmpty();
        assertThat(journal.lastSeq(name)).isZero();
    }

    /**
     * The engine's inner calls join their caller's transaction and refuse to run without one (the
     * check the MANDATORY interceptor made, now a status read on the hot path): an append outside
     * a transaction writes nothing.
     */
    @Test
    void anAppendOutsideATransactionIsRefusedAndWritesNothing() {
        String name = "arq-journal-notx-" + UUID.randomUUID().toString().substring(0, 8);
        processes.deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name), "test");

        assertThatThrownBy(() -> journal.append(name, JournalType.INBOX_RECEIVED, null, Json.object()))
                .isInstanceOfSatisfying(TransactionalException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(TransactionRequiredException.class));
        assertThatThrownBy(() -> processLocks.lock(name)).isInstanceOf(TransactionalException.class);

        assertThat(journal.after(name, 0, 10)).extracting(JournalEntry::type).containsExactly(JournalType.PROCESS_DEPLOYED);
    }
}
