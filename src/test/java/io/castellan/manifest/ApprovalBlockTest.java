package io.castellan.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.platform.FieldError;
import io.castellan.platform.ProblemException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalBlockTest {

    private final ManifestParser parser = new ManifestParser(Map.of("APPROVAL_KEY", "k")::get);

    private static final String AGENT = """
            name: payer
            model: scripted
            script: [{reply: ok}]
            tools: [http_request, state_set, request_approval]
            network: {allow: [127.0.0.1]}
            """;

    @Test
    void withoutABlockNothingIsGatedAndRequestsWaitADay() {
        ApprovalPolicy policy = parser.parse(AGENT).approval();
        assertThat(policy.tools()).isEmpty();
        assertThat(policy.gates("http_request")).isFalse();
        assertThat(policy.timeout()).isEqualTo(Duration.ofHours(24));
        assertThat(policy.onTimeout()).isEqualTo(ApprovalPolicy.OnTimeout.REJECT);
        assertThat(policy.noticeTo()).isNull();
    }

    @Test
    void readsGatedToolsOfTheManifestAndOfItsMcpServers() {
        ApprovalPolicy policy = parser.parse(AGENT + """
                mcp_servers: [{name: bank, url: 'http://127.0.0.1:3001/mcp'}]
                approval:
                  tools: [http_request, process_payment]
                  timeout: 2h
                  on_timeout: fail
                  notify: {url: 'https://ops.example.com/approvals', secret: '${APPROVAL_KEY}'}
                """).approval();
        assertThat(policy.tools()).containsExactly("http_request", "process_payment");
        assertThat(policy.gates("process_payment")).isTrue();
        assertThat(policy.gates("state_set")).isFalse();
        assertThat(policy.timeout()).isEqualTo(Duration.ofHours(2));
        assertThat(policy.onTimeout()).isEqualTo(ApprovalPolicy.OnTimeout.FAIL);
        assertThat(policy.noticeTo()).isEqualTo(new Budget.Escalation("https://ops.example.com/approvals", "APPROVAL_KEY"));
    }

    @Test
    void refusesWhatCannotBeGatedNamingEachField() {
        assertThatThrownBy(() -> parser.parse(AGENT + """
                approval:
                  tools: [request_approval, publish_event, process_payment, 7]
                  timeout: 721h
                  on_timeout: later
                  notify: {url: 'ftp://ops', secret: plain}
                  escalate: yes
                """)).isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("approval.tools[0]", "approval.tools[1]", "approval.tools[2]", "approval.tools[3]",
                        "approval.timeout", "approval.on_timeout", "approval.notify.url", "approval.notify.secret", "approval.escalate"));
    }
}
