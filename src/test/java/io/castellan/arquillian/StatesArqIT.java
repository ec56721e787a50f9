package io.castellan.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import io.castellan.process.ProcessLocks;
import io.castellan.process.Processes;
import io.castellan.state.StateChange;
import io.castellan.state.StateEntry;
import io.castellan.state.States;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionalException;
import jakarta.transaction.UserTransaction;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A state write in the server: a key that exists is written in place (one statement, no read
 * first), a new one inserted, and one this transaction has read before written through its copy.
 * Each way the transaction that wrote reads its new value, and the key's history keeps every write.
 */
@ExtendWith(ArquillianExtension.class)
class StatesArqIT {

    @Deployment
    static WebArchive deployment() {
        return CastellanArchive.withTests(StatesArqIT.class);
    }

    @Inject
    private States states;

    @Inject
    private Processes processes;

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private UserTransaction transaction;

    @Test
    void aKeyIsWrittenNewInPlaceAndThroughAnEarlierReadAndEachTimeReadBackInItsTransaction() throws Exception {
        String name = "arq-states-" + UUID.randomUUID().toString().substring(0, 8);
        processes.deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name), "test");

        written(name, false, 1); // a new key
        written(name, false, 2); // in place
        written(name, true, 3);  // after this transaction read the state

        assertThat(states.get(name, "k")).map(StateEntry::value).contains(IntNode.valueOf(3));
        assertThat(states.history(name, "k", 0, 10)).extracting(StateChange::value)
                .containsExactly(IntNode.valueOf(1), IntNode.valueOf(2), IntNode.valueOf(3));
    }

    @Test
    void aWriteOutsideATransactionIsRefusedAndWritesNothing() {
        String name = "arq-states-notx-" + UUID.randomUUID().toString().substring(0, 8);
        processes.deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name), "test");

        assertThatThrownBy(() -> states.set(name, "k", IntNode.valueOf(1), "test", null)).isInstanceOf(TransactionalException.class);

        assertThat(states.get(name, "k")).isEmpty();
    }

    private void written(String name, boolean readFirst, int value) throws Exception {
        transaction.begin();
        try {
            processLocks.lock(name);
            if (readFirst) {
                assertThat(states.all(name)).hasSize(1);
            }
            states.set(name, "k", IntNode.valueOf(value), "test", null);
            assertThat(states.get(name, "k")).map(StateEntry::value).contains(IntNode.valueOf(value));
            transaction.commit();
        } finally {
            if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
                transaction.rollback();
            }
        }
    }
}
