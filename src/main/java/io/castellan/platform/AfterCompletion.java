package io.castellan.platform;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** What a transaction does once it has ended: the outboxes' "send once this has committed". */
public final class AfterCompletion {

    private AfterCompletion() {
    }

    /** Runs {@code committed} once the caller's transaction has committed, on the thread that ends it, and nothing otherwise. */
    public static void onCommit(TransactionSynchronizationRegistry transactions, Runnable committed) {
        on(transactions, committed, () -> { });
    }

    /** Runs {@code committed} once the caller's transaction has committed, {@code rolledBack} if it has not. */
    public static void on(TransactionSynchronizationRegistry transactions, Runnable committed, Runnable rolledBack) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    committed.run();
                } else {
                    rolledBack.run();
                }
            }
        });
    }
}
