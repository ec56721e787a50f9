package io.castellan.invocation.loop;

import io.castellan.invocation.execution.RunGuard;
import io.castellan.process.AgentProcess;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import java.util.List;

/** A transaction without a server for the loop's tests: it records begin, commit, rollback and each process lock. */
final class RecordingTransaction implements UserTransaction {

    private final List<String> calls;
    private int status = Status.STATUS_NO_TRANSACTION;

    RecordingTransaction(List<String> calls) {
        this.calls = calls;
    }

    /** A loop transaction of {@code process} on this transaction, its lock recorded too. */
    LoopTransaction loopTransaction(String process) {
        RunGuard guard = new RunGuard() {
            @Override
            public AgentProcess lockProcess(String name) {
                calls.add("lock " + name);
                return null;
            }
        };
        return new LoopTransaction(this, guard, process);
    }

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
}
