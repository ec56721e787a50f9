package io.castellan.platform;

import jakarta.transaction.Status;
import jakarta.transaction.TransactionRequiredException;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.TransactionalException;

/**
 * The check {@code @Transactional(MANDATORY)} makes, without its interceptor: for the engine's inner
 * calls that every step makes many times (a journal append, a process lock, a budget check), so
 * that none of them runs an interceptor chain only to assert this (session 54's profile put Weld's
 * proxies and interceptors at 8.7 % of the server's CPU; taking these off bought nothing measurable
 * in session 55: docs/performance.md). Unlike the interceptor it does not mark the transaction rollback-only when the
 * method throws: the exception reaches the transaction's owner, which rolls back, or a caller that
 * catches it and owns that decision.
 */
public final class InTransaction {

    private InTransaction() {
    }

    /** Throws as the interceptor does when the caller has no transaction: these calls only join one. */
    public static void required(TransactionSynchronizationRegistry transactions) {
        if (transactions.getTransactionStatus() == Status.STATUS_NO_TRANSACTION) {
            throw new TransactionalException("this call joins its caller's transaction, and there is none",
                    new TransactionRequiredException());
        }
    }
}
