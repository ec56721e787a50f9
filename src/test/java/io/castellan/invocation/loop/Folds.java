package io.castellan.invocation.loop;

import io.castellan.invocation.execution.RunStart;
import java.util.List;

/** Folds for tests outside this package (the runner's): open on a transaction that records what is done to it. */
public final class Folds {

    private Folds() {
    }

    /** The fold {@code first}'s ending begins when it hands the turn on, open; {@code calls} records its transaction. */
    public static Fold begunBy(RunStart first, List<String> calls) {
        LoopTransaction tx = new RecordingTransaction(calls).loopTransaction(first.process());
        tx.ensure();
        return Fold.carryOn(null, first, tx, true, System.nanoTime());
    }
}
