package io.castellan.invocation.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What runs in this JVM, and which interrupts reach it: a cancel only during an outside call; the server's always counts. */
class ExecutionsTest {

    private final Executions executions = new Executions();
    private final String id = UUID.randomUUID().toString();

    @AfterEach
    void leave() {
        executions.leave(id);
        executions.reset();
    }

    @Test
    void anInvocationExecutesOnceUntilItLeaves() {
        assertThat(executions.enter(id)).isTrue();
        assertThat(executions.enter(id)).as("a second wake-up while it runs here").isFalse();
        executions.leave(id);
        assertThat(executions.enter(id)).isTrue();
    }

    @Test
    void aCancelInterruptsACallToTheOutsideWorld() throws Exception {
        executions.enter(id);
        CountDownLatch calling = new CountDownLatch(1);
        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> executions.outside(id, () -> {
            calling.countDown();
            try {
                new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                return "not interrupted";
            } catch (InterruptedException e) {
                return "interrupted";
            }
        }));
        assertThat(calling.await(10, TimeUnit.SECONDS)).isTrue();
        executions.interruptAfterCommit(new Executions.CancelRequested(id));
        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("interrupted");
        assertThat(executions.mustSuspend(id)).as("a cancel is not the server stopping").isFalse();
    }

    @Test
    void aCancelBetweenCallsInterruptsNothing() {
        executions.enter(id);
        executions.outside(id, () -> "done");
        executions.interruptAfterCommit(new Executions.CancelRequested(id));
        assertThat(Thread.interrupted()).as("database work after the call must not be interrupted").isFalse();
    }

    @Test
    void theCallsInterruptDoesNotLeakIntoWhatFollows() throws Exception {
        executions.enter(id);
        boolean interruptedAfter = CompletableFuture.supplyAsync(() -> {
            executions.outside(id, () -> {
                executions.interruptAfterCommit(new Executions.CancelRequested(id));
                return null;
            });
            return Thread.currentThread().isInterrupted();
        }).get(10, TimeUnit.SECONDS);
        assertThat(interruptedAfter).isFalse();
    }

    @Test
    void anInterruptFromTheServerDuringACallSuspendsTheInvocation() {
        executions.enter(id);
        executions.outside(id, () -> {
            Thread.currentThread().interrupt();
            return null;
        });
        assertThat(executions.interruptedByServer(id)).isTrue();
        assertThat(executions.mustSuspend(id)).isTrue();
    }

    @Test
    void suspendingAllAsksEveryInvocationToSuspendUntilTheNextStart() {
        executions.enter(id);
        executions.suspendAll();
        assertThat(executions.mustSuspend(id)).isTrue();
        assertThat(executions.mustSuspend("another")).isTrue();
        assertThat(executions.interruptedByServer(id)).as("the application stops: not a lone interrupt").isFalse();
        executions.reset();
        assertThat(executions.mustSuspend(id)).isFalse();
        assertThat(executions.draining()).isFalse();
    }
}
