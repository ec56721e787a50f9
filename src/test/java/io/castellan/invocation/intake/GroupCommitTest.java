package io.castellan.invocation.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.invocation.Invocation;
import io.castellan.invocation.TriggerKind;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How accepts are grouped into transactions, without a server: the transaction is a fake that records what it was given. */
class GroupCommitTest {

    /** Records each transaction's requests; the first lone accept waits for {@link #release} so that a group forms behind it. */
    private static final class FakeTransaction extends IntakeTransaction {
        final List<List<String>> transactions = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstBegun = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean groupsFail;
        volatile boolean groupsBreak;

        @Override
        GroupCommit.Outcome tryAccept(GroupCommit.Request request) {
            transactions.add(List.of(request.process()));
            firstBegun.countDown();
            await(release);
            return outcomeOf(request.process());
        }

        @Override
        List<GroupCommit.Outcome> acceptAll(List<GroupCommit.Request> requests) {
            transactions.add(requests.stream().map(GroupCommit.Request::process).toList());
            if (groupsFail) {
                throw new IllegalStateException("deadlock");
            }
            if (groupsBreak) {
                groupsBreak = false;
                throw new OutOfMemoryError("out of heap");
            }
            List<GroupCommit.Outcome> outcomes = new ArrayList<>();
            for (GroupCommit.Request request : requests) {
                outcomes.add(outcomeOf(request.process()));
            }
            return outcomes;
        }

        /** As the real checks answer: a refusal returned, not thrown. */
        private static GroupCommit.Outcome outcomeOf(String process) {
            try {
                return GroupCommit.Outcome.of(outcome(process));
            } catch (ProblemException refused) {
                return GroupCommit.Outcome.of(refused);
            }
        }

        private static TriggerIntake.Accepted outcome(String process) {
            if (process.startsWith("missing")) {
                throw ProblemException.notFound("process '" + process + "'");
            }
            return new TriggerIntake.Accepted(new Invocation("id-" + process, process, TriggerKind.MANUAL, null, Json.object(), null, Instant.now()), true);
        }

        private static void await(CountDownLatch latch) {
            try {
                assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final FakeTransaction transaction = new FakeTransaction();
    private final GroupCommit groupCommit = new GroupCommit(transaction);
    private final java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void close() {
        transaction.release.countDown();
        groupCommit.close();
        callers.shutdown();
    }

    private CompletableFuture<TriggerIntake.Accepted> send(String process) {
        // a thread each: callers block until their group commits
        return CompletableFuture.supplyAsync(() -> groupCommit.accept(new GroupCommit.Request(process, TriggerKind.MANUAL, null, Json.object(), null, null)),
                callers);
    }

    /**
     * Sends the first trigger, waits until its transaction runs, then queues the others behind it and
     * waits until they are all queued (they cannot leave before the first's release).
     */
    private List<CompletableFuture<TriggerIntake.Accepted>> burst(List<String> behind) throws Exception {
        List<CompletableFuture<TriggerIntake.Accepted>> answers = new ArrayList<>();
        answers.add(send("first"));
        assertThat(transaction.firstBegun.await(10, TimeUnit.SECONDS)).isTrue();
        behind.forEach(process -> answers.add(send(process)));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> groupCommit.queued() == behind.size());
        return answers;
    }

    @Test
    void aLoneTriggerCommitsAloneAndThoseArrivingMeanwhileCommitTogether() throws Exception {
        List<CompletableFuture<TriggerIntake.Accepted>> answers = burst(List.of("a", "b", "c", "d"));
        transaction.release.countDown();
        for (CompletableFuture<TriggerIntake.Accepted> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS).created()).isTrue();
        }
        assertThat(transaction.transactions).hasSize(2);
        assertThat(transaction.transactions.get(0)).containsExactly("first");
        assertThat(transaction.transactions.get(1)).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(answers.get(2).get().invocation().processName()).isEqualTo("b");
    }

    @Test
    void aRefusedTriggerIsRefusedAloneAndTheOthersOfItsGroupAreAccepted() throws Exception {
        List<CompletableFuture<TriggerIntake.Accepted>> answers = burst(List.of("a", "missing-x", "b"));
        transaction.release.countDown();
        assertThat(answers.get(1).get(10, TimeUnit.SECONDS).invocation().processName()).isEqualTo("a");
        assertThatThrownBy(() -> answers.get(2).join()).hasCauseInstanceOf(ProblemException.class)
                .cause().hasMessageContaining("missing-x");
        assertThat(answers.get(3).get(10, TimeUnit.SECONDS).invocation().processName()).isEqualTo("b");
        assertThat(transaction.transactions.get(1)).hasSize(3);
    }

    @Test
    void aGroupThatFailsAsAWholeIsAcceptedOneTriggerPerTransaction() throws Exception {
        transaction.groupsFail = true;
        List<CompletableFuture<TriggerIntake.Accepted>> answers = burst(List.of("a", "b"));
        transaction.release.countDown();
        for (CompletableFuture<TriggerIntake.Accepted> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS).created()).isTrue();
        }
        assertThat(transaction.transactions).hasSize(4);
        assertThat(transaction.transactions.get(1)).containsExactlyInAnyOrder("a", "b");
        assertThat(transaction.transactions.subList(2, 4)).containsExactlyInAnyOrder(List.of("a"), List.of("b"));
    }

    @Test
    void aGroupThatBreaksTheCommitterAnswersItsCallersAndTheCommitterGoesOn() throws Exception {
        transaction.groupsBreak = true;
        List<CompletableFuture<TriggerIntake.Accepted>> answers = burst(List.of("a", "b"));
        transaction.release.countDown();
        assertThat(answers.get(0).get(10, TimeUnit.SECONDS).created()).isTrue();
        for (CompletableFuture<TriggerIntake.Accepted> broken : answers.subList(1, 3)) {
            assertThatThrownBy(() -> broken.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(OutOfMemoryError.class);
        }
        assertThat(send("later").get(10, TimeUnit.SECONDS).invocation().processName()).isEqualTo("later");
    }

    @Test
    void afterTheStopACallerAcceptsOnItsOwnThread() {
        transaction.release.countDown();
        groupCommit.close();
        assertThat(groupCommit.accept(new GroupCommit.Request("late", TriggerKind.MANUAL, null, Json.object(), null, null)).invocation().processName())
                .isEqualTo("late");
        assertThat(transaction.transactions).containsExactly(List.of("late"));
    }
}
