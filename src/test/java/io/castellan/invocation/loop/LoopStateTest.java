package io.castellan.invocation.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.execution.RunStart;
import io.castellan.platform.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The loop's working state, and the template context a scripted turn reads from it. */
class LoopStateTest {

    private final RunStart run = new RunStart("i", "p", 1, TriggerKind.WEBHOOK, "order-7",
            Json.object().put("amount", 12), Instant.parse("2026-11-30T10:00:00Z"), null, false, null);

    @Test
    void theTemplatesSeeTheTriggerTheStepsSoFarAndTheState() {
        LoopState loop = new LoopState(run);
        loop.startAt(0);
        loop.stepDone(Json.object().put("result", "a"));
        loop.stepDone(Json.object().put("error", "b"));
        loop.state(Json.object().put("count", 3));

        assertThat(loop.step()).isEqualTo(2);
        assertThat(Json.write(loop.templateContext())).isEqualTo(
                "{\"trigger\":{\"kind\":\"webhook\",\"at\":\"2026-11-30T10:00:00Z\",\"ref\":\"order-7\",\"payload\":{\"amount\":12}},"
                        + "\"steps\":{\"0\":{\"result\":\"a\"},\"1\":{\"error\":\"b\"}},\"state\":{\"count\":3},\"inbox\":[],\"recalled\":[],\"plan\":[]}");

        // a turn that took inbox messages shows them, and only that turn
        loop.inbox(java.util.List.of(Json.object().put("priority", "high").put("message", "stop")));
        assertThat(loop.templateContext().path("inbox").toString()).isEqualTo("[{\"priority\":\"high\",\"message\":\"stop\"}]");
        loop.inbox(java.util.List.of());
        assertThat(loop.templateContext().path("inbox").size()).isZero();
        // memories recalled for the invocation stay for every turn
        loop.recalled(java.util.List.of(Json.object().put("text", "remembered")));
        assertThat(loop.templateContext().path("recalled").toString()).isEqualTo("[{\"text\":\"remembered\"}]");
    }

    @Test
    void aResumeFromACheckpointGoesOnNumberingAfterItsSteps() {
        LoopState loop = new LoopState(run);
        loop.mission(Json.object().put("goal", "ship"));
        loop.resumeFrom((ObjectNode) Json.read("{\"0\":{\"result\":1},\"1\":{\"result\":2}}"));
        loop.startAt(2);
        loop.stepDone(Json.object().put("result", 3));

        assertThat(loop.steps().fieldNames()).toIterable().containsExactly("0", "1", "2");
        assertThat(loop.templateContext().path("mission").path("goal").asText()).isEqualTo("ship");
    }
}
