package io.castellan.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.journal.Journal;
import io.castellan.journal.JournalEntry;
import io.castellan.journal.JournalType;
import io.castellan.platform.Json;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import jakarta.transaction.RollbackException;
import jakarta.transaction.UserTransaction;
import java.util.UUID;
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
}
