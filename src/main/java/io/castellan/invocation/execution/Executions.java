package io.castellan.invocation.execution;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The invocations executing in this JVM, and their threads. A cancel interrupts a thread only
 * while it waits on the outside world (a model call, an external tool): interrupting database
 * work could break the connection or, with H2, the database file.
 */
@ApplicationScoped
public class Executions {

    /** Fired inside the transaction that asks for the cancel; acted on once it has committed. */
    public record CancelRequested(String invocationId) {
    }

    private static final class Execution {
        /** The invocation's own thread, known once it goes outside (the claim ran on the consumer's). */
        private Thread thread;
        private boolean outside;
        private boolean interruptedByUs;
        private volatile boolean interruptedByServer;
        /** A wake-up came while it executed here ({@link #enterOrNote}): its execution sends one again when it leaves. */
        private boolean wokenMeanwhile;

        synchronized void interrupt() {
            if (outside && thread != null) {
                interruptedByUs = true;
                thread.interrupt();
            }
        }

        synchronized void goOutside() {
            thread = Thread.currentThread();
            outside = true;
        }

        /**
         * Back from the outside world: an interrupt meant for the call must not reach what follows.
         * One that Castellan did not send comes from the server, which interrupts the message
         * consumers' threads when its quiesce stage runs out: the server is stopping.
         */
        synchronized void comeBack() {
            outside = false;
            if (Thread.interrupted() && !interruptedByUs) {
                interruptedByServer = true;
            }
            interruptedByUs = false;
        }
    }

    // static: when the application stops, its CDI beans may be destroyed (and made anew) before the
    // Drain singleton runs, and it must see the invocations that still run
    private static final Map<String, Execution> running = new ConcurrentHashMap<>();
    private static volatile boolean draining;
    private static volatile boolean suspending;

    /** The server is stopping: no invocation starts any more. */
    public boolean draining() {
        return draining;
    }

    /** The same, for a thread that may outlive the application's beans (whose proxies then fail). */
    static boolean drainingNow() {
        return draining;
    }

    /**
     * The invocation must suspend at its next step boundary: the application is stopping, or the
     * server interrupted its model or tool call.
     */
    public boolean mustSuspend(String invocationId) {
        Execution execution = running.get(invocationId);
        return suspending || (execution != null && execution.interruptedByServer);
    }

    /** True when only this invocation was interrupted, by the server, while the application still runs. */
    boolean interruptedByServer(String invocationId) {
        Execution execution = running.get(invocationId);
        return !suspending && execution != null && execution.interruptedByServer;
    }

    void startDraining() {
        draining = true;
    }

    /** At start-up: a redeployed application in the same JVM must not inherit a stop. */
    void reset() {
        draining = false;
        suspending = false;
    }

    /** Asks every running invocation to suspend, interrupting those that wait on the outside world. */
    void suspendAll() {
        suspending = true;
        running.values().forEach(Execution::interrupt);
    }

    int count() {
        return running.size();
    }

    /** False when the invocation already executes here. */
    boolean enter(String invocationId) {
        return running.putIfAbsent(invocationId, new Execution()) == null;
    }

    void leave(String invocationId) {
        running.remove(invocationId);
    }

    /**
     * A wake-up's entry: false when the invocation already executes here, and then that execution
     * is told to wake it again when it leaves ({@link #leaveWoken}). The wake-up may be no repeat:
     * an answer that came before the invocation's wait began resolves the wait in the step that
     * suspends it, and its wake-up can reach a consumer before the thread has left. Atomic with
     * the leave (one map entry), so the note is seen by the leave or the wake-up enters itself.
     */
    boolean enterOrNote(String invocationId) {
        boolean[] entered = {false};
        running.compute(invocationId, (id, execution) -> {
            if (execution == null) {
                entered[0] = true;
                return new Execution();
            }
            execution.wokenMeanwhile = true;
            return execution;
        });
        return entered[0];
    }

    /** Leaves, and says whether a wake-up came for it meanwhile, which the caller sends again. */
    boolean leaveWoken(String invocationId) {
        Execution execution = running.remove(invocationId);
        return execution != null && execution.wokenMeanwhile;
    }

    /** Runs a call to the outside world that a cancel may interrupt. */
    public <T> T outside(String invocationId, Supplier<T> call) {
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

    /** The invocations executing in this JVM now. */
    Set<String> ids() {
        return Set.copyOf(running.keySet());
    }

    /** Interrupts the invocation's model or tool call, if it is executing here and in one. */
    void interrupt(String invocationId) {
        Execution execution = running.get(invocationId);
        if (execution != null) {
            execution.interrupt();
        }
    }

    void interruptAfterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) CancelRequested cancel) {
        interrupt(cancel.invocationId());
    }
}
