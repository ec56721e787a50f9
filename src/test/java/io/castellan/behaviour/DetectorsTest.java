package io.castellan.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.castellan.manifest.HealthChecks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorsTest {

    private static final HealthChecks CHECKS = new HealthChecks(true, 5, true, 3, 10, 0.6, HealthChecks.OnUnhealthy.PAUSE);

    private final List<Observation> seen = new ArrayList<>();

    private DetectorsTest call(String tool, int arg) {
        return call(tool, arg, false);
    }

    private DetectorsTest call(String tool, int arg, boolean failed) {
        seen.add(Observation.toolCall(seen.size() + 1, "i", tool, JsonNodeFactory.instance.objectNode().put("n", arg), failed));
        return this;
    }

    private DetectorsTest reply(String text) {
        seen.add(Observation.reply(seen.size() + 1, "i", text));
        return this;
    }

    @Test
    void theSameCallFiveTimesInARowIsStuck() {
        call("fetch", 0);
        for (int i = 0; i < 5; i++) {
            call("check", 1);
        }

        assertThat(Detectors.detect(CHECKS, seen)).hasValueSatisfying(d -> {
            assertThat(d.detector()).isEqualTo("stuck");
            assertThat(d.evidence()).hasSize(5).allSatisfy(o -> assertThat(o.tool()).isEqualTo("check"));
            assertThat(d.lastSeq()).isEqualTo(6);
        });
    }

    @Test
    void fourTimesOrDifferentArgumentsIsNotStuck() {
        for (int i = 0; i < 4; i++) {
            call("check", 1);
        }
        call("check", 2);

        assertThat(Detectors.detect(CHECKS, seen)).isEmpty();
    }

    @Test
    void checkFixRepeatedThreeTimesIsALoop() {
        call("start", 0);
        for (int i = 0; i < 3; i++) {
            call("check", 1).call("fix", 1);
        }

        assertThat(Detectors.detect(CHECKS, seen)).hasValueSatisfying(d -> {
            assertThat(d.detector()).isEqualTo("loop");
            assertThat(d.description()).contains("a cycle of 2 calls").contains("check{\"n\":1} -> fix{\"n\":1}");
            assertThat(d.evidence()).hasSize(6);
        });
    }

    @Test
    void aCycleOfFourRepeatedThreeTimesIsALoopButTwiceIsNot() {
        for (int i = 0; i < 2; i++) {
            call("a", 1).call("b", 1).call("c", 1).call("d", 1);
        }
        assertThat(Detectors.detect(CHECKS, seen)).isEmpty();

        call("a", 1).call("b", 1).call("c", 1).call("d", 1);
        assertThat(Detectors.detect(CHECKS, seen)).hasValueSatisfying(d -> assertThat(d.evidence()).hasSize(12));
    }

    @Test
    void threeShortRepliesInARowAreEmptyResponses() {
        reply("A full answer of some length.").reply("ok").reply(" ").reply("done");

        assertThat(Detectors.detect(CHECKS, seen)).hasValueSatisfying(d -> {
            assertThat(d.detector()).isEqualTo("empty_responses");
            assertThat(d.evidence()).extracting(Observation::reply).containsExactly("ok", " ", "done");
        });
    }

    @Test
    void sixFailuresInTheLastTenCallsIsAnErrorRate() {
        for (int i = 0; i < 10; i++) {
            call("fetch", i, i % 5 < 3);
        }
        assertThat(Detectors.detect(CHECKS, seen)).hasValueSatisfying(d -> {
            assertThat(d.detector()).isEqualTo("error_rate");
            assertThat(d.description()).isEqualTo("6 of the last 10 tool calls failed");
        });
    }

    @Test
    void fiveFailuresInTenIsHealthyAndFewerCallsThanTheWindowAreNotJudged() {
        for (int i = 0; i < 9; i++) {
            call("fetch", i, true);
        }
        assertThat(Detectors.errorRate(10, 0.6, seen)).isEmpty();

        seen.clear();
        for (int i = 0; i < 10; i++) {
            call("fetch", i, i % 2 == 0);
        }
        assertThat(Detectors.detect(CHECKS, seen)).isEmpty();
    }
}
