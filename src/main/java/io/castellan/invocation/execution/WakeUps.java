package io.castellan.invocation.execution;

import io.castellan.invocation.intake.TriggerQueue;
import io.castellan.platform.AfterCompletion;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The outbox of accepted triggers: a new invocation's row commits alone (no two-phase commit with
 * the broker), and its wake-up is sent once that commit is done, by one sender thread, in commit
 * order. A wake-up that a crash kept from being sent is sent by the next start's recovery (every
 * QUEUED invocation that is not parked); one sent twice does nothing the second time.
 */
@ApplicationScoped
public class WakeUps {

    private static final Logger LOG = Logger.getLogger(WakeUps.class.getName());
    private static final long RETRY_MS = 500;

    /** An invocation to wake, and its process. */
    record WakeUp(String process, String invocationId) {
    }

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    private TransactionSynchronizationRegistry transactions;

    @Resource(lookup = "java:comp/DefaultContextService")
    private ContextService contexts;

    @Inject
    private TriggerQueue queue;

    @Inject
    private Executions executions;

    private final BlockingQueue<WakeUp> pending = new LinkedBlockingQueue<>();

    /**
     * On an invocation's own thread, the next invocation its ending claimed for it: the thread runs
     * it itself once the ending has committed, instead of a wake-up through the broker.
     */
    private static final ThreadLocal<Handoff> HANDOFF = new ThreadLocal<>();

    /** The slot an invocation thread keeps for the one next invocation it may run itself. */
    static final class Handoff {
        private final String owner;
        private RunStart next;

        private Handoff(String owner) {
            this.owner = owner;
        }

        /** The invocation the ending claimed for this thread, once that ending has committed; null when none. */
        RunStart take() {
            RunStart taken = next;
            next = null;
            return taken;
        }
    }

    /** From now on this thread takes the next invocation that the end of {@code owner} hands on. */
    static Handoff takingHandoffs(String owner) {
        Handoff handoff = new Handoff(owner);
        HANDOFF.set(handoff);
        return handoff;
    }

    static void stopTakingHandoffs() {
        HANDOFF.remove();
    }

    /** False once the application stops: its beans go, and the sender must not call them any more. */
    private volatile boolean open;

    @PostConstruct
    void startSender() {
        open = true;
        Thread.ofVirtual().name("castellan-wake-ups").start(contexts.contextualRunnable(this::sendAll));
    }

    @PreDestroy
    void stopSender() {
        open = false;
    }

    /** On a thread in {@link #afterAll}: the wake-ups its committed transactions hold back until the work is done. */
    private static final ThreadLocal<List<WakeUp>> HELD = new ThreadLocal<>();

    /**
     * Does {@code work} (transactions that accept many triggers: a cron minute's batches) and sends
     * the wake-ups of what it committed once all of it is done, so that the invocations it accepted
     * do not run beside the accepts still to come and slow them down. A crash before they are sent
     * leaves them QUEUED; recovery sends them.
     */
    public void afterAll(Runnable work) {
        List<WakeUp> held = Collections.synchronizedList(new ArrayList<>());
        HELD.set(held);
        try {
            work.run();
        } finally {
            HELD.remove();
            pending.addAll(held);
        }
    }

    /**
     * {@code work} as a task for another thread that the caller's {@link #afterAll} waits for: the
     * wake-ups of what it commits are held with the caller's. Outside afterAll, {@code work} itself.
     */
    public Runnable sharingHold(Runnable work) {
        List<WakeUp> held = HELD.get();
        if (held == null) {
            return work;
        }
        return () -> {
            HELD.set(held);
            try {
                work.run();
            } finally {
                HELD.remove();
            }
        };
    }

    /** Sends the invocation's wake-up once the caller's transaction has committed (at once without one). */
    public void afterCommit(String process, String invocationId) {
        WakeUp wakeUp = new WakeUp(process, invocationId);
        List<WakeUp> held = HELD.get();
        if (held != null && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            AfterCompletion.onCommit(transactions, () -> held.add(wakeUp));
            return;
        }
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            pending.add(wakeUp);
            return;
        }
        AfterCompletion.onCommit(transactions, () -> pending.add(wakeUp));
    }

    /**
     * True when the caller's transaction ends {@code ended} on that invocation's own thread, which
     * may then run one more invocation itself: the one this transaction claims for it.
     */
    boolean mayHandOn(String ended) {
        Handoff handoff = HANDOFF.get();
        return handoff != null && handoff.owner.equals(ended) && handoff.next == null && !executions.draining()
                && transactions.getTransactionStatus() == Status.STATUS_ACTIVE;
    }

    /**
     * Keeps an invocation claimed in the caller's transaction (see {@link #mayHandOn}) for this
     * thread to run once that commits. If it rolls back, the claim is undone with it and the
     * invocation's entry in {@link Executions} is given back.
     */
    void handOn(RunStart next) {
        Handoff handoff = HANDOFF.get();
        handoff.next = next;
        AfterCompletion.on(transactions, () -> { }, () -> {
            if (handoff.take() != null) {
                executions.leave(next.invocationId());
            }
        });
    }

    private void sendAll() {
        while (open && !Executions.drainingNow()) {
            WakeUp next;
            try {
                next = pending.poll(RETRY_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) {
                continue;
            }
            if (!open) {
                // the application stopped while this one waited: recovery sends it at the next start
                pending.add(next);
            } else if (!send(next)) {
                pending.add(next);
                pause();
            }
        }
        if (!pending.isEmpty()) {
            LOG.info(() -> pending.size() + " wake-up(s) not sent before the stop; the next start's recovery sends them");
        }
    }

    private boolean send(WakeUp wakeUp) {
        try {
            queue.send(wakeUp.process(), wakeUp.invocationId());
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot send the wake-up of invocation {0} yet; trying again: {1}",
                    new Object[]{wakeUp.invocationId(), e.getMessage()});
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
