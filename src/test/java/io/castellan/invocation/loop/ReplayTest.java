package io.castellan.invocation.loop;

import static io.castellan.journal.JournalEntries.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.journal.JournalType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a resumed invocation takes from its journal instead of doing the work again. */
class ReplayTest {

    @Test
    void takesRecordedAnswersAndOutcomesAndKnowsWhatWasStarted() {
        Replay replay = new Replay(List.of(
                entry(JournalType.INVOCATION_STARTED, "{}"),
                entry(JournalType.MODEL_REQUEST, "{\"turn\":0}"),
                entry(JournalType.MODEL_RESPONSE, "{\"turn\":0,\"response\":{\"tool_calls\":[{\"tool\":\"state_set\",\"args\":{}}]}}"),
                entry(JournalType.TOOL_STARTED, "{\"turn\":0,\"step\":0}"),
                entry(JournalType.TOOL_RESULT, "{\"turn\":0,\"step\":0,\"result\":{\"key\":\"k\"}}"),
                entry(JournalType.TOOL_STARTED, "{\"turn\":0,\"step\":1}")));

        assertThat(replay.started(StepKeys.modelRequest(0))).isTrue();
        assertThat(replay.response(0)).isNotNull();
        assertThat(replay.response(1)).isNull();
        assertThat(replay.outcome(0).path("result").path("key").asText()).isEqualTo("k");
        assertThat(replay.started(StepKeys.toolStarted(1))).as("in flight when it stopped").isTrue();
        assertThat(replay.outcome(1)).isNull();
        assertThat(replay.turns()).isEqualTo(1);
        assertThat(replay.steps()).isEqualTo(1);
    }

    @Test
    void onlyResumesAfterACrashCountTowardsThePoisonLimit() {
        Replay replay = new Replay(List.of(
                entry(JournalType.INVOCATION_STARTED, "{}"),
                entry(JournalType.INVOCATION_RESUMED, "{}"),
                entry(JournalType.INVOCATION_SUSPENDED, "{\"step\":0}"),
                entry(JournalType.INVOCATION_RESUMED, "{}"),
                entry(JournalType.INVOCATION_WAITING, "{\"step\":1}"),
                entry(JournalType.INVOCATION_RESUMED, "{\"after\":\"wait\"}"),
                entry(JournalType.INVOCATION_RESUMED, "{}")));

        assertThat(replay.resumes()).as("the first and the last: no suspension or wait before them").isEqualTo(2);
    }

    @Test
    void aCheckpointIsWhereTheLoopGoesOn() {
        Replay replay = new Replay(List.of(
                entry(JournalType.CHECKPOINT, "{\"turn\":3,\"step\":5,\"steps\":{\"4\":{\"result\":1}},\"messages\":\"[]\"}"),
                entry(JournalType.MODEL_REQUEST, "{\"turn\":3}")));

        assertThat(replay.fromCheckpoint()).isTrue();
        assertThat(replay.firstTurn()).isEqualTo(3);
        assertThat(replay.firstStep()).isEqualTo(5);
        assertThat(replay.stepResults().path("4").path("result").asInt()).isEqualTo(1);
        assertThat(replay.messages()).isEqualTo("[]");
        assertThat(replay.started(StepKeys.checkpoint(3))).isTrue();
        assertThat(Replay.none().fromCheckpoint()).isFalse();
    }
}
