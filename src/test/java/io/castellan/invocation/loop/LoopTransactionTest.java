package io.castellan.invocation.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop's shared transaction: opened once with the process locked first, committed once, never left open. */
class LoopTransactionTest {

    private final List<String> calls = new ArrayList<>();
    private final RecordingTransaction transaction = new RecordingTransaction(calls);

    @Test
    void opensOnceLockingTheProcessFirstAndCommitsOnce() {
        LoopTransaction tx = transaction.loopTransaction("p");
        tx.ensure();
        tx.ensure();
        assertThat(tx.isOpen()).isTrue();
        tx.commit();
        tx.commit();
        tx.rollback();
        assertThat(calls).containsExactly("begin", "lock p", "commit");
        assertThat(tx.isOpen()).isFalse();
        assertThat(tx.begins()).isEqualTo(1);
    }

    @Test
    void aStepThatFailedMakesTheCommitARollbackAndSaysSo() throws Exception {
        LoopTransaction tx = transaction.loopTransaction("p");
        tx.ensure();
        transaction.setRollbackOnly();
        assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("resumes from its journal");
        assertThat(calls).containsExactly("begin", "lock p", "rollback");
        tx.ensure();
        tx.rollback();
        assertThat(calls).endsWith("begin", "lock p", "rollback");
        assertThat(tx.begins()).isEqualTo(2);
    }
}
