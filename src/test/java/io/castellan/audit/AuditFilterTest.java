package io.castellan.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditFilterTest {

    record Answer(String process, String id) {
    }

    record Deployed(String name, int version) {
    }

    @Test
    void theProcessComesFromThePathOrElseFromTheAnswer() {
        assertThat(AuditFilter.process("/processes/billing/pause", null)).isEqualTo("billing");
        assertThat(AuditFilter.process("processes/billing/inbox", new Answer("other", "x"))).as("the path first").isEqualTo("billing");
        assertThat(AuditFilter.process("/invocations/abc/cancel", new Answer("billing", "abc"))).isEqualTo("billing");
        assertThat(AuditFilter.process("/processes", new Deployed("fresh", 1))).as("a deploy names it in its answer").isEqualTo("fresh");
        assertThat(AuditFilter.process("/tokens", new Deployed("ci-bot", 1))).as("a token's name is no process").isNull();
        assertThat(AuditFilter.process("/events/a.b", "{\"id\": 1}")).isNull();
    }
}
