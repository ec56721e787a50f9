package io.castellan.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Topics to publish on and patterns to subscribe with. */
class TopicsTest {

    @Test
    void aTopicIsWordsJoinedByDots() {
        assertThat(Topics.topicProblem("pipeline.ingest.done")).isNull();
        assertThat(Topics.topicProblem("a")).isNull();
        assertThat(Topics.topicProblem("Orders_EU-2.created")).isNull();
        assertThat(Topics.topicProblem("x".repeat(255))).isNull();
        assertThat(Topics.topicProblem("x".repeat(256))).contains("at most 255");
        assertThat(Topics.topicProblem(null)).contains("is required");
        assertThat(Topics.topicProblem("")).contains("is required");
        assertThat(Topics.topicProblem("a..b")).contains("empty word");
        assertThat(Topics.topicProblem(".a")).contains("empty word");
        assertThat(Topics.topicProblem("a.")).contains("empty word");
        assertThat(Topics.topicProblem("a b")).contains("the word 'a b'");
        assertThat(Topics.topicProblem("a.*")).contains("wildcard");
        assertThat(Topics.topicProblem("a.#")).contains("wildcard");
    }

    @Test
    void aPatternMayUseWholeWordWildcards() {
        assertThat(Topics.patternProblem("pipeline.*")).isNull();
        assertThat(Topics.patternProblem("#")).isNull();
        assertThat(Topics.patternProblem("*.created.#")).isNull();
        assertThat(Topics.patternProblem("pipe*")).contains("a whole '*'");
        assertThat(Topics.patternProblem("a.#b")).contains("a whole '*'");
        assertThat(Topics.patternProblem("a..*")).contains("empty word");
    }
}
