package io.castellan.invocation.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.invocation.execution.RunGuard;
import io.castellan.process.AgentProcess;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop's shared transaction: opened once with the process locked first, committed once, never left open. */
class LoopTransactionTest {

    private final List<String> calls = new ArrayList<>();
    private int status = Status.STATUS_NO_TRANSACTION;

    private final UserTransaction transaction = new UserTransaction() {
        @Override
        public void begin() {
            calls.add("begin");
            status = Status.STATUS_ACTIVE;
        }

        @Override
        public void commit() {
            calls.add("commit");
            status = Status.STATUS_NO_TRANSACTION;
        }

        @Override
        public void rollback() {
            calls.add("rollback");
            status = Status.STATUS_NO_TRANSACTION;
        }

        @Override
        public void setRollbackOnly() {
            status = Status.STATUS_MARKED_ROLLBACK;
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public void setTransactionTimeout(int seconds) {
        }
    };

    private final RunGuard guard = new RunGuard() {
        @Override
        public AgentProcess lockProcess(String process) {
            calls.add("lock " + process);
            return null;
        }
    };

    @Test
    void opensOnceLockingTheProcessFirstAndCommitsOnce() {
        LoopTransaction tx = new LoopTransaction(transaction, guard, "p");
        tx.ensure();
        tx.ensure();
        tx.commit();
        tx.commit();
        tx.rollback();
        assertThat(calls).containsExactly("begin", "lock p", "commit");
    }

    @Test
    void aStepThatFailedMakesTheCommitARollbackAndSaysSo() throws Exception {
        LoopTransaction tx = new LoopTransaction(transaction, guard, "p");
        tx.ensure();
        transaction.setRollbackOnly();
        assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("resumes from its journal");
        assertThat(calls).containsExactly("begin", "lock p", "rollback");
        tx.ensure();
        tx.rollback();
        assertThat(calls).endsWith("begin", "lock p", "rollback");
    }
}
