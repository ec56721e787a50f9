package io.castellan.platform;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionRequiredException;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.TransactionalException;
import org.junit.jupiter.api.Test;

class InTransactionTest {

    @Test
    void refusesACallerWithoutATransactionAsTheMandatoryInterceptorDoes() {
        assertThatThrownBy(() -> InTransaction.required(inStatus(Status.STATUS_NO_TRANSACTION)))
                .isInstanceOf(TransactionalException.class)
                .hasCauseInstanceOf(TransactionRequiredException.class);
    }

    @Test
    void letsAnyTransactionThroughEvenOneMarkedForRollback() {
        // MANDATORY asks only that there is one: a doomed transaction still rolls back at its owner
        assertThatCode(() -> InTransaction.required(inStatus(Status.STATUS_ACTIVE))).doesNotThrowAnyException();
        assertThatCode(() -> InTransaction.required(inStatus(Status.STATUS_MARKED_ROLLBACK))).doesNotThrowAnyException();
    }

    /** A registry that answers only the status: what the check reads. */
    private static TransactionSynchronizationRegistry inStatus(int status) {
        return new TransactionSynchronizationRegistry() {
            @Override
            public int getTransactionStatus() {
                return status;
            }

            @Override
            public Object getTransactionKey() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void putResource(Object key, Object value) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Object getResource(Object key) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void registerInterposedSynchronization(Synchronization sync) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void setRollbackOnly() {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean getRollbackOnly() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
