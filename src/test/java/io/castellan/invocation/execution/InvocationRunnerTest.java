package io.castellan.invocation.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.loop.AgentLoop;
import io.castellan.platform.Json;
import io.castellan.telemetry.InvocationSpan;
import io.castellan.telemetry.Keys;
import io.castellan.telemetry.RecordedSpans;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runner without a server: the claim runs on the caller's thread, the loop on a virtual
 * thread of its own, and every path gives back the slot and the entry it took.
 */
class InvocationRunnerTest {

    private final String id = UUID.randomUUID().toString();
    private final Executions executions = new Executions();
    private final InvocationThreads threads = new InvocationThreads(1);
    private final List<String> claimed = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private ClaimStep.Claim claim = new ClaimStep.Claim(Optional.of(run(id)), null);
    private Consumer<RunStart> body = run -> { };
    /** A folded loop's body, given what its first commit runs. */
    private Consumer<Runnable> folded = Runnable::run;

    private final ClaimStep claims = new ClaimStep() {
        @Override
        Claim begin(String invocationId, String process) {
            claimed.add(invocationId);
            return claim;
        }
    };

    private final Endings endings = new Endings() {
        @Override
        void wakeUp(RunStart run, Duration after) {
            events.add("wake-up " + run.invocationId() + " after " + after.toSeconds() + " s");
        }
    };

    private final AgentLoop loop = new AgentLoop() {
        @Override
        public void run(RunStart run) {
            events.add("loop " + run.invocationId() + " on a " + (Thread.currentThread().isVirtual() ? "virtual" : "platform") + " thread");
            body.accept(run);
        }

        @Override
        public void runInOpen(RunStart run, Runnable firstCommit) {
            events.add("folded loop " + run.invocationId());
            folded.accept(firstCommit);
        }
    };

    private final RecordedSpans spans = new RecordedSpans();

    private final RunTelemetry telemetry = new RunTelemetry() {
        @Override
        InvocationSpan begin(RunStart run) {
            return spans.invocation("invoke_agent " + run.invocationId());
        }
    };

    private final InvocationRunner runner = new InvocationRunner(claims, endings, loop, executions, threads, telemetry);

    @AfterEach
    void reset() {
        executions.leave(id);
        executions.reset();
    }

    @Test
    void aClaimedInvocationRunsOnAVirtualThreadAndGivesBackItsSlot() throws Exception {
        assertThat(runner.run(id, "p")).isNull();
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("loop " + id + " on a virtual thread");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        assertThat(threads.acquire(() -> System.nanoTime() > deadline)).as("the one slot is free again").isTrue();
        assertThat(executions.enter(id)).as("its entry is gone").isTrue();
    }

    @Test
    void aSecondWakeUpForAnInvocationExecutingHereClaimsNothing() {
        executions.enter(id);
        assertThat(runner.run(id, "p")).isNull();
        assertThat(claimed).isEmpty();
        assertThat(threads.tryAcquire()).as("the slot was given back").isTrue();
    }

    @Test
    void aWakeUpThatCameWhileTheInvocationRanIsSentAgainOnceItHasLeft() throws Exception {
        // as when an asked agent's answer came before its asker's wait began: the step that
        // suspends the asker resolves the wait, and the resume's wake-up reaches a consumer while
        // the asker's thread is still on its way out
        CountDownLatch suspending = new CountDownLatch(1);
        CountDownLatch resumeSeen = new CountDownLatch(1);
        body = run -> {
            suspending.countDown();
            await(resumeSeen);
        };
        runner.run(id, "p");
        assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith("loop " + id);
        suspending.await(10, TimeUnit.SECONDS);
        assertThat(threads.tryAcquire()).isFalse();
        claim = new ClaimStep.Claim(Optional.empty(), null);
        assertThat(new InvocationRunner(claims, endings, loop, executions, new InvocationThreads(1), telemetry).run(id, "p"))
                .as("the resume's wake-up, let go: it executes here").isNull();
        assertThat(claimed).as("claimed once, by the first wake-up").hasSize(1);
        resumeSeen.countDown();
        assertThat(events.poll(10, TimeUnit.SECONDS)).as("sent again once the thread left").isEqualTo("wake-up " + id + " after 0 s");
    }

    @Test
    void aLoopWithoutWakeUpsMeanwhileSendsNone() throws Exception {
        runner.run(id, "p");
        assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith("loop " + id);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        assertThat(threads.acquire(() -> System.nanoTime() > deadline)).as("it has left").isTrue();
        assertThat(events).as("no wake-up of its own").isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aClaimThatParksGivesBackTheSlotAndTheEntry() {
        claim = new ClaimStep.Claim(Optional.empty(), null);
        assertThat(runner.run(id, "p")).isNull();
        assertThat(claimed).containsExactly(id);
        assertThat(threads.tryAcquire()).isTrue();
        assertThat(executions.enter(id)).isTrue();
    }

    @Test
    void aPoisonTriggerIsReportedToTheConsumer() {
        claim = new ClaimStep.Claim(Optional.empty(), "the payload is not JSON");
        assertThat(runner.run(id, "p")).isEqualTo("the payload is not JSON");
    }

    @Test
    void aLoopThatBreaksResumesFromItsJournalALittleLater() throws Exception {
        body = run -> {
            throw new IllegalStateException("database gone");
        };
        runner.run(id, "p");
        assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith("loop " + id);
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("wake-up " + id + " after 2 s");
    }

    @Test
    void aCallInterruptedByTheServerResumesAtOnce() throws Exception {
        body = run -> executions.outside(run.invocationId(), () -> {
            Thread.currentThread().interrupt();
            return null;
        });
        runner.run(id, "p");
        assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith("loop " + id);
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("wake-up " + id + " after 0 s");
    }

    @Test
    void aWakeUpThatFindsEverySlotTakenWhileTheServerStopsStaysWithTheBroker() {
        assertThat(threads.tryAcquire()).isTrue();
        executions.startDraining();
        assertThatThrownBy(() -> runner.run(id, "p")).isInstanceOf(IllegalStateException.class).hasMessageContaining("stopping");
        assertThat(claimed).isEmpty();
    }

    @Test
    void aFoldedStartThatCommitsAnswersOnceAndGivesBackItsSlotOnce() {
        claimAsTheAcceptDoes();
        List<String> answers = new CopyOnWriteArrayList<>();
        assertThat(runner.executeFolded(run(id), () -> answers.add("answered"))).isTrue();
        assertThat(answers).containsExactly("answered");
        assertThat(events).containsExactly("folded loop " + id);
        assertOneFreeSlotAndNoEntry();
    }

    @Test
    void aFoldedStartThatBreaksBeforeItsFirstCommitLeavesTheSlotToTheRollback() {
        claimAsTheAcceptDoes();
        folded = firstCommit -> {
            throw new IllegalStateException("the invocation's steps did not commit");
        };
        List<String> answers = new CopyOnWriteArrayList<>();
        assertThat(runner.executeFolded(run(id), () -> answers.add("answered"))).as("to be accepted alone").isFalse();
        assertThat(answers).isEmpty();
        assertThat(events).as("no wake-up: nothing of it was kept").containsExactly("folded loop " + id);
        assertThat(threads.tryAcquire()).as("the slot is still the claim's, which the rollback gives back").isFalse();
        assertThat(executions.enter(id)).as("so is its entry").isFalse();
        SpanData run = onlySpan();
        assertThat(run.getAttributes().get(Keys.STATUS)).as("its run's span says it was undone, not that it resumes").isEqualTo("rolled_back");
        assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(run.getStatus().getDescription()).contains("accepted again on its own");
    }

    @Test
    void aFoldedStartThatReturnsWithoutCommittingLeavesTheSlotToTheRollback() {
        claimAsTheAcceptDoes();
        // as a loop fenced by another server does: it rolls back and returns
        folded = firstCommit -> { };
        assertThat(runner.executeFolded(run(id), () -> { })).isFalse();
        assertThat(threads.tryAcquire()).isFalse();
        assertThat(executions.enter(id)).isFalse();
    }

    @Test
    void aFoldedStartThatBreaksAfterItsFirstCommitResumesLaterAndGivesBackItsSlotOnce() throws Exception {
        claimAsTheAcceptDoes();
        folded = firstCommit -> {
            firstCommit.run();
            throw new IllegalStateException("database gone");
        };
        List<String> answers = new CopyOnWriteArrayList<>();
        assertThat(runner.executeFolded(run(id), () -> answers.add("answered"))).isTrue();
        assertThat(answers).containsExactly("answered");
        assertThat(events).containsExactly("folded loop " + id, "wake-up " + id + " after 2 s");
        assertOneFreeSlotAndNoEntry();
        SpanData run = onlySpan();
        assertThat(run.getAttributes().get(Keys.STATUS)).isNull();
        assertThat(run.getStatus().getDescription()).contains("resumes from its journal");
    }

    /** The one span the runner ended: its run's. */
    private SpanData onlySpan() {
        assertThat(spans.ended()).hasSize(1);
        return spans.ended().get(0);
    }

    @Test
    void aFoldedStartThatDiesAfterItsFirstCommitStillGivesBackItsSlotOnce() {
        claimAsTheAcceptDoes();
        folded = firstCommit -> {
            firstCommit.run();
            throw new StackOverflowError("deep model reply");
        };
        assertThatThrownBy(() -> runner.executeFolded(run(id), () -> { })).isInstanceOf(StackOverflowError.class);
        assertOneFreeSlotAndNoEntry();
    }

    /** What EagerStart takes for an invocation it claims: a slot and an entry. */
    private void claimAsTheAcceptDoes() {
        assertThat(threads.tryAcquire()).isTrue();
        assertThat(executions.enter(id)).isTrue();
    }

    /** The runner's one slot is free, once (a slot given back twice would make two), and the invocation's entry gone. */
    private void assertOneFreeSlotAndNoEntry() {
        assertThat(threads.tryAcquire()).isTrue();
        assertThat(threads.tryAcquire()).as("given back once").isFalse();
        assertThat(executions.enter(id)).isTrue();
    }

    private static RunStart run(String id) {
        return new RunStart(id, "p", 1, TriggerKind.MANUAL, null, Json.object(), Instant.now(), null, false, null);
    }
}
