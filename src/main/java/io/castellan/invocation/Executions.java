package io.castellan.invocation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The invocations executing in this JVM, and their threads. A cancel interrupts a thread only
 * while it waits on the outside world (a model call, an external tool): interrupting database
 * work could break the connection or, with H2, the database file.
 */
@ApplicationScoped
class Executions {

    /** Fired inside the transaction that asks for the cancel; acted on once it has committed. */
    record CancelRequested(String invocationId) {
    }

    private static final class Execution {
        private final Thread thread;
        private boolean outside;

        Execution(Thread thread) {
            this.thread = thread;
        }

        synchronized void interrupt() {
            if (outside) {
                thread.interrupt();
            }
        }

        synchronized void goOutside() {
            outside = true;
        }

        /** Back from the outside world: an interrupt meant for the call must not reach what follows. */
        synchronized void comeBack() {
            outside = false;
            Thread.interrupted();
        }
    }

    private final Map<String, Execution> running = new ConcurrentHashMap<>();

    /** False when the invocation already executes here. */
    boolean enter(String invocationId) {
        return running.putIfAbsent(invocationId, new Execution(Thread.currentThread())) == null;
    }

    void leave(String invocationId) {
        running.remove(invocationId);
    }

    /** Runs a call to the outside world that a cancel may interrupt. */
    <T> T outside(String invocationId, Supplier<T> call) {
        Execution execution = running.get(invocationId);
        if (execution == null) {
            return call.get();
        }
        execution.goOutside();
        try {
            return call.get();
        } finally {
            execution.comeBack();
        }
    }

    void interruptAfterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) CancelRequested cancel) {
        Execution execution = running.get(cancel.invocationId());
        if (execution != null) {
            execution.interrupt();
        }
    }
}
