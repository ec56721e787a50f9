package io.castellan.invocation.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.execution.RunStart;
import io.castellan.platform.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When an ending's transaction carries on into the next invocation of its process, and when it commits. */
class FoldTest {

    private final List<String> calls = new ArrayList<>();
    private final LoopTransaction tx = new RecordingTransaction(calls).loopTransaction("p");

    @Test
    void anEndingWithoutANextInvocationCommits() {
        tx.ensure();
        assertThat(Fold.carryOn(null, run("a", false), tx, false, 0)).isNull();
    }

    @Test
    void aResumedInvocationBeginsNoFold() {
        tx.ensure();
        assertThat(Fold.carryOn(null, run("a", true), tx, true, 0)).as("its steps failed once: it commits alone").isNull();
    }

    @Test
    void aTransactionAlreadyCommittedIsNotCarried() {
        tx.ensure();
        tx.commit();
        assertThat(Fold.carryOn(null, run("a", false), tx, true, 0)).isNull();
    }

    @Test
    void carriesAtMostEightInvocationsAndRemembersTheFirst() {
        tx.ensure();
        RunStart first = run("a0", false);
        Fold fold = Fold.carryOn(null, first, tx, true, 0);
        int carried = 1;
        while (fold != null) {
            assertThat(fold.first()).isSameAs(first);
            assertThat(fold.transaction("p")).isSameAs(tx);
            fold = Fold.carryOn(fold, run("a" + carried, false), tx, true, 0);
            carried++;
        }
        assertThat(carried).as("the eighth ending commits").isEqualTo(Fold.MAX_INVOCATIONS);
        assertThat(calls).containsExactly("begin", "lock p");
    }

    @Test
    void aFoldHeldTooLongCommits() {
        tx.ensure();
        Fold fold = Fold.carryOn(null, run("a", false), tx, true, 1_000);
        assertThat(Fold.carryOn(fold, run("b", false), tx, true, 1_000 + Fold.MAX_NANOS - 1)).isSameAs(fold);
        assertThat(Fold.carryOn(fold, run("c", false), tx, true, 1_000 + Fold.MAX_NANOS)).isNull();
    }

    @Test
    void anInvocationThatCommittedOnItsWayBeginsAFoldOfItsOwn() {
        tx.ensure();
        Fold fold = Fold.carryOn(null, run("a", false), tx, true, 0);
        // b goes outside: its commit holds a's ending and its own claim
        tx.commit();
        tx.ensure();
        RunStart b = run("b", false);
        Fold next = Fold.carryOn(fold, b, tx, true, 0);
        assertThat(next).isNotSameAs(fold);
        assertThat(next.first()).as("the one to wake if this fold rolls back").isSameAs(b);
    }

    @Test
    void onlyTheSameProcessJoins() {
        tx.ensure();
        Fold fold = Fold.carryOn(null, run("a", false), tx, true, 0);
        assertThatThrownBy(() -> fold.transaction("q")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRollbackEndsTheTransaction() {
        tx.ensure();
        Fold.carryOn(null, run("a", false), tx, true, 0).rollback();
        assertThat(tx.isOpen()).isFalse();
        assertThat(calls).containsExactly("begin", "lock p", "rollback");
    }

    private static RunStart run(String id, boolean resumed) {
        return new RunStart(id, "p", 1, TriggerKind.MANUAL, null, Json.object(), Instant.now(), null, resumed, null);
    }
}
