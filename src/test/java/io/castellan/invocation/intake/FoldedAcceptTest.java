package io.castellan.invocation.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.invocation.TriggerKind;
import io.castellan.platform.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The fold's bound without a server: one fold at a time until its caller has an answer, whatever the answer. */
class FoldedAcceptTest {

    private final List<Runnable> started = new ArrayList<>();

    private final FoldedAccept folds = new FoldedAccept() {
        @Override
        void onItsOwnThread(Runnable fold) {
            started.add(fold);
        }
    };

    @Test
    void aSecondLoneTriggerIsNotFoldedUntilTheFirstIsAnswered() {
        CompletableFuture<TriggerIntake.Accepted> first = new CompletableFuture<>();
        assertThat(tryFold(first)).isTrue();
        assertThat(tryFold(new CompletableFuture<>())).as("the first not answered yet").isFalse();
        assertThat(started).hasSize(1);

        first.complete(null);
        CompletableFuture<TriggerIntake.Accepted> third = new CompletableFuture<>();
        assertThat(tryFold(third)).isTrue();
        third.completeExceptionally(new IllegalStateException("refused"));
        assertThat(tryFold(new CompletableFuture<>())).as("an error answers too").isTrue();
        assertThat(tryFold(new CompletableFuture<>())).as("one at a time, not one more for each answer").isFalse();
        assertThat(started).hasSize(3);
    }

    private boolean tryFold(CompletableFuture<TriggerIntake.Accepted> answer) {
        GroupCommit.Request request = new GroupCommit.Request("p", TriggerKind.MANUAL, "test", Json.object(), null, null);
        return folds.tryStart(request, answer, () -> null);
    }
}
