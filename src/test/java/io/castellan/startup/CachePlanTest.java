package io.castellan.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachePlanTest {

    private final CachePlan plan = new CachePlan(Path.of("/srv/castellan/startup.aot"));

    @Test
    void readsHowThisJvmStarted() {
        assertThat(plan.mode(List.of("-Xmx512m"))).isEqualTo(CachePlan.Mode.NONE);
        assertThat(plan.mode(List.of("-Xmx512m", "-XX:AOTCacheOutput=/srv/castellan/startup.aot"))).isEqualTo(CachePlan.Mode.RECORDING);
        assertThat(plan.mode(List.of("-XX:AOTCache=/srv/castellan/startup.aot"))).isEqualTo(CachePlan.Mode.USING);
        assertThat(plan.mode(List.of("-XX:AOTCache=/srv/castellan/startup.aot", "-XX:SharedArchiveFile=/opt/app.jsa")))
                .as("a cache option of the operator's").isEqualTo(CachePlan.Mode.OPERATOR);
        assertThat(plan.mode(List.of("-XX:AOTCache=/elsewhere.aot"))).isEqualTo(CachePlan.Mode.OPERATOR);
    }

    @Test
    void theFirstStartAsksTheNextToRecord() {
        assertThat(plan.next(true, CachePlan.Mode.NONE, false))
                .hasValue(CachePlan.MARK + "\n-XX:AOTCacheOutput=/srv/castellan/startup.aot\n");
    }

    @Test
    void aRecordingStartAsksTheNextToUseWhatItWillWrite() {
        assertThat(plan.next(true, CachePlan.Mode.RECORDING, false))
                .hasValue(CachePlan.MARK + "\n-XX:AOTCache=/srv/castellan/startup.aot\n");
    }

    @Test
    void aStartFromACurrentCacheKeepsIt() {
        assertThat(plan.next(true, CachePlan.Mode.USING, true)).hasValue(CachePlan.MARK + "\n-XX:AOTCache=/srv/castellan/startup.aot\n");
    }

    @Test
    void aMissingOrStaleCacheIsRecordedAgain() {
        // a recording server killed before it stopped wrote nothing; a JDK or Liberty upgrade makes the cache another JVM's
        assertThat(plan.next(true, CachePlan.Mode.USING, false)).hasValue(CachePlan.MARK + "\n-XX:AOTCacheOutput=/srv/castellan/startup.aot\n");
    }

    @Test
    void knowsItsOwnFileFromTheOperators() {
        assertThat(CachePlan.written(plan.next(true, CachePlan.Mode.NONE, false).orElseThrow())).isTrue();
        assertThat(CachePlan.written("-Xmx2g\n")).isFalse();
        assertThat(CachePlan.written("# heap for production\n-Xmx2g\n")).isFalse();
    }

    @Test
    void turnedOffOrTheOperatorsOwnLeavesNoOptions() {
        assertThat(plan.next(false, CachePlan.Mode.USING, true)).isEmpty();
        assertThat(plan.next(true, CachePlan.Mode.OPERATOR, true)).isEmpty();
    }
}
