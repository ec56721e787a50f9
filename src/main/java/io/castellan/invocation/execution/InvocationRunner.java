package io.castellan.invocation.execution;

import io.castellan.invocation.Invocation;
import io.castellan.invocation.loop.AgentLoop;
import io.castellan.telemetry.InvocationSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where a wake-up becomes a running invocation: the claim on the consumer's thread, then the
 * loop on a virtual thread of the invocation's own, and what its end asks for (a wake-up again
 * after a server interrupt or an unexpected error). The loop itself is {@link AgentLoop}.
 */
@ApplicationScoped
public class InvocationRunner {

    private static final Logger LOG = Logger.getLogger(InvocationRunner.class.getName());

    /** How long an invocation whose loop failed unexpectedly rests before it resumes. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private ClaimStep claims;
    private Endings endings;
    private AgentLoop loop;
    /** Invocations executing in this JVM: a wake-up for one of them is sent again once it has left. */
    private Executions executions;
    private InvocationThreads threads;
    private RunTelemetry telemetry;

    /** For the container's proxy. */
    protected InvocationRunner() {
    }

    @Inject
    InvocationRunner(ClaimStep claims, Endings endings, AgentLoop loop, Executions executions, InvocationThreads threads, RunTelemetry telemetry) {
        this.claims = claims;
        this.endings = endings;
        this.loop = loop;
        this.executions = executions;
        this.threads = threads;
        this.telemetry = telemetry;
    }

    /**
     * Claims an invocation on the caller's (the consumer's) thread and runs or resumes it on a
     * virtual thread of its own. Returns once the claim has committed: from then on the database
     * says the invocation runs here, and a restart resumes it from its journal. Waits for a free
     * slot first when this server runs as many invocations as it may.
     *
     * @return null, or why the trigger was found to be poison (its invocation was failed)
     */
    public String run(String invocationId, String process) {
        if (!threads.acquire(executions::draining)) {
            // the server began to stop while every slot was taken: the broker keeps the wake-up for the next start
            throw new IllegalStateException("the server is stopping; invocation " + invocationId + " starts after the restart");
        }
        boolean handedOff = false;
        try {
            if (!executions.enterOrNote(invocationId)) {
                // executing here: that execution wakes it again once it has left, in case it now waits for what this says came
                return null;
            }
            try {
                ClaimStep.Claim claim = claims.begin(invocationId, process);
                if (claim.run().isPresent()) {
                    RunStart run = claim.run().get();
                    threads.start(() -> execute(run));
                    handedOff = true;
                }
                return claim.poison();
            } finally {
                if (!handedOff) {
                    executions.leave(invocationId);
                }
            }
        } finally {
            if (!handedOff) {
                threads.release();
            }
        }
    }

    /** Runs an invocation claimed by the transaction that accepted it; its slot and entry are taken. */
    void startClaimed(RunStart run) {
        threads.start(() -> execute(run));
    }

    /**
     * A folded start's ({@link EagerStart#foldHere}): runs the invocation that the caller's open
     * transaction has just accepted and claimed, its first local steps in that transaction, on the
     * caller's thread, which is its thread from then on (its slot taken by the claim); then what its
     * ending hands on, as for any invocation. {@code firstCommit} runs once that transaction has
     * committed.
     *
     * @return false when the loop failed before that commit: the transaction, accept and all, is
     *         rolled back (which gave the slot back), and nothing of it is kept
     */
    public boolean executeFolded(RunStart run, Runnable firstCommit) {
        AtomicBoolean committed = new AtomicBoolean();
        try {
            RunStart next;
            try {
                next = executeOne(run, () -> loop.runInOpen(run, () -> {
                    committed.set(true);
                    firstCommit.run();
                }), committed::get);
            } catch (RuntimeException e) {
                if (committed.get()) {
                    throw e;
                }
                LOG.log(Level.FINE, "A folded start failed before its first commit; its trigger is accepted alone", e);
                return false;
            }
            if (committed.get()) {
                execute(next);
            }
            return committed.get();
        } finally {
            // once committed the slot is this thread's to give back, whatever ends it; before, the rollback's
            if (committed.get()) {
                threads.release();
            }
        }
    }

    /**
     * The invocation's own thread: the loop, then what its end asks for; then the next invocation
     * of the process, when the end handed the turn to one, on this same thread and slot.
     */
    private void execute(RunStart first) {
        RunStart run = first;
        while (run != null) {
            RunStart current = run;
            run = executeOne(current, () -> loop.run(current), () -> true);
        }
    }

    /**
     * @param started whether the invocation's claim has committed (a folded start's has not until
     *                its first step commits; a failure before that is thrown, and its rollback has
     *                let go of its entry and slot)
     */
    private RunStart executeOne(RunStart run, Runnable loopRun, BooleanSupplier started) {
        boolean interruptedByServer = false;
        boolean broke = false;
        boolean wokenMeanwhile = false;
        WakeUps.Handoff handoff = WakeUps.takingHandoffs(run.invocationId());
        try (InvocationSpan span = telemetry.begin(run)) {
            try {
                loopRun.run();
            } catch (RuntimeException e) {
                if (started.getAsBoolean()) {
                    span.broke(e);
                } else {
                    span.rolledBack(e);
                }
                throw e;
            }
            interruptedByServer = executions.interruptedByServer(run.invocationId());
        } catch (RuntimeException e) {
            if (!started.getAsBoolean()) {
                throw e;
            }
            // what a redelivery did when the loop ran on the consumer's thread: resume it from its
            // journal a little later; resumes that never finish make it poison (MAX_RESUMES)
            LOG.log(Level.WARNING, "Invocation {0} stopped on an error; it resumes from its journal in {1} s: {2}",
                    new Object[]{run.invocationId(), RETRY_AFTER.toSeconds(), String.valueOf(e.getMessage())});
            LOG.log(Level.FINE, "Invocation " + run.invocationId() + " stopped", e);
            broke = true;
        } finally {
            WakeUps.stopTakingHandoffs();
            if (started.getAsBoolean()) {
                wokenMeanwhile = executions.leaveWoken(run.invocationId());
            }
        }
        if (interruptedByServer) {
            // suspended because the server interrupted its call, though the application runs on:
            // a fresh wake-up resumes it now, or, if the server is going down, at the next start
            wakeUp(run, Duration.ZERO);
        } else if (broke) {
            wakeUp(run, RETRY_AFTER);
        } else if (wokenMeanwhile) {
            // a wake-up the consumer let go while this ran: sent again (a repeat does nothing, a resume resumes)
            wakeUp(run, Duration.ZERO);
        }
        // claimed for this thread by the ending, in the ending's commit (Dispatcher.handOn)
        return handoff.take();
    }

    private void wakeUp(RunStart run, Duration after) {
        try {
            endings.wakeUp(run, after);
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "Invocation {0} suspended; it resumes at the next start ({1})", new Object[]{run.invocationId(), e.getMessage()});
        }
    }
}
