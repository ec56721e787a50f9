package io.castellan.invocation.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.invocation.TriggerKind;
import io.castellan.platform.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit of accepts: triggers that arrive while another group commits wait for it, then go
 * together in one transaction, one commit (and one page write of the database) for all, and each
 * caller has its answer once the commit that holds its trigger is done. A lone trigger goes alone at
 * once, so an idle server adds no wait. One committer thread: two or four, each with its share of
 * the processes, were slower (smaller groups, more commits, the machine's CPU already taken;
 * docs/performance.md, session 54). A group that fails as a whole (a deadlock with an invocation
 * that accepts for another process, or any error not meant for one trigger) is accepted again one
 * trigger per transaction, as before there were groups.
 */
@ApplicationScoped
class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());

    /** At most this many triggers in one transaction: the group holds their processes' locks until it commits. */
    static final int MAX_GROUP = 64;

    /** One caller's trigger. */
    record Request(String process, TriggerKind kind, String ref, JsonNode payload, String dedupKey, String traceParent) {
    }

    /** A trigger's answer in its group: accepted, or refused before it wrote anything. */
    record Outcome(TriggerIntake.Accepted accepted, ProblemException refused) {
        static Outcome of(TriggerIntake.Accepted accepted) {
            return new Outcome(accepted, null);
        }

        static Outcome of(ProblemException refused) {
            return new Outcome(null, refused);
        }
    }

    private record Waiting(Request request, CompletableFuture<TriggerIntake.Accepted> answer) {
    }

    @Resource(lookup = "java:comp/DefaultContextService")
    private ContextService contexts;

    @Inject
    private IntakeTransaction transaction;

    /** A lone trigger's accept with its invocation's first steps (none in the tests without a server). */
    @Inject
    private FoldedAccept folded;

    private final BlockingQueue<Waiting> waiting = new LinkedBlockingQueue<>();
    private volatile boolean open;
    /** Set by the committer before its last look at the queue: a caller that comes later answers itself. */
    private volatile boolean finished;

    /** For the container. */
    GroupCommit() {
    }

    /** Commits through {@code transaction}, on a thread with the caller's context as it is (the tests, without a server). */
    GroupCommit(IntakeTransaction transaction) {
        this.transaction = transaction;
        start(task -> task);
    }

    @PostConstruct
    void startCommitter() {
        start(contexts::contextualRunnable);
    }

    private void start(UnaryOperator<Runnable> contextual) {
        open = true;
        Thread.ofVirtual().name("castellan-intake").start(contextual.apply(this::commitGroups));
    }

    @PreDestroy
    void close() {
        open = false;
    }

    /** Accepts the trigger in the next group and waits for that group's commit. */
    TriggerIntake.Accepted accept(Request request) {
        if (!open) {
            return alone(request);
        }
        Waiting entry = new Waiting(request, new CompletableFuture<>());
        waiting.add(entry);
        if (finished && waiting.remove(entry)) {
            return alone(request);
        }
        try {
            return entry.answer().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException thrown) {
                throw thrown;
            }
            throw e;
        }
    }

    /** Triggers waiting for the next group (the tests). */
    int queued() {
        return waiting.size();
    }

    private void commitGroups() {
        while (open || !waiting.isEmpty()) {
            Waiting first;
            try {
                first = waiting.poll(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (first != null) {
                List<Waiting> group = new ArrayList<>();
                group.add(first);
                waiting.drainTo(group, MAX_GROUP - 1);
                try {
                    commit(group);
                } catch (Throwable e) {
                    // never leave a caller waiting, nor the committer dead: those still waiting get the error
                    LOG.log(Level.SEVERE, "Accepting a group of triggers failed", e);
                    group.forEach(entry -> entry.answer().completeExceptionally(e));
                }
            }
        }
        // a stop in between: whoever still waits is answered one by one, on this thread
        finished = true;
        List<Waiting> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(entry -> answerAlone(entry));
    }

    private void commit(List<Waiting> group) {
        if (group.size() == 1) {
            Waiting lone = group.get(0);
            // on a thread of its own, which runs its invocation's first steps: the next group need not wait for them
            if (folded == null || !folded.tryStart(lone.request(), lone.answer(), () -> alone(lone.request()))) {
                answerAlone(lone);
            }
            return;
        }
        List<Outcome> outcomes;
        try {
            outcomes = transaction.acceptAll(group.stream().map(Waiting::request).toList());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "A group of " + group.size() + " accepts failed; accepting them one by one", e);
            group.forEach(this::answerAlone);
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            Outcome outcome = outcomes.get(i);
            if (outcome.refused() != null) {
                group.get(i).answer().completeExceptionally(outcome.refused());
            } else {
                group.get(i).answer().complete(outcome.accepted());
            }
        }
    }

    private void answerAlone(Waiting entry) {
        try {
            entry.answer().complete(alone(entry.request()));
        } catch (RuntimeException e) {
            entry.answer().completeExceptionally(e);
        }
    }

    private TriggerIntake.Accepted alone(Request request) {
        // a refusal thrown here, after the transaction, not out of it (see IntakeTransaction.tryAccept)
        Outcome outcome = transaction.tryAccept(request);
        if (outcome.refused() != null) {
            throw outcome.refused();
        }
        return outcome.accepted();
    }
}
