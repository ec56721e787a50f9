package io.castellan.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.platform.FieldError;
import io.castellan.platform.ProblemException;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetBlockTest {

    private final ManifestParser parser = new ManifestParser(Map.of("ESCALATION_SECRET", "s")::get);

    private static final String AGENT = """
            name: spender
            model: scripted
            tools: [http_request]
            script: [{reply: ok}]
            """;

    @Test
    void readsEveryBudgetField() {
        Budget budget = parser.parse(AGENT + """
                budget:
                  max_tool_calls_per_invocation: 10
                  max_model_calls_per_invocation: 20
                  max_tokens_per_invocation: 200000
                  max_daily_cost: 50.10
                  max_invocations_per_day: 500
                  tool_costs: {send_email: 0.10, process_payment: 5.00}
                  warning_threshold: 0.75
                  on_exceeded: escalate
                  escalation: {url: "https://ops.example.com/hook", secret: "${ESCALATION_SECRET}"}
                  timezone: Europe/Berlin
                  reset_at: "06:30"
                """).budget();

        assertThat(budget.maxToolCallsPerInvocation()).isEqualTo(10);
        assertThat(budget.maxModelCallsPerInvocation()).isEqualTo(20);
        assertThat(budget.maxTokensPerInvocation()).isEqualTo(200_000);
        assertThat(budget.maxDailyCost()).isEqualByComparingTo("50.10");
        assertThat(budget.maxInvocationsPerDay()).isEqualTo(500);
        assertThat(budget.toolCost("process_payment")).isEqualByComparingTo("5.00");
        assertThat(budget.toolCost("state_get")).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(budget.warningThreshold()).isEqualTo(0.75);
        assertThat(budget.onExceeded()).isEqualTo(Budget.OnExceeded.ESCALATE);
        assertThat(budget.escalation()).isEqualTo(new Budget.Escalation("https://ops.example.com/hook", "ESCALATION_SECRET"));
        assertThat(budget.timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(budget.resetAt()).isEqualTo(LocalTime.of(6, 30));
        assertThat(budget.hasDailyLimit()).isTrue();
    }

    @Test
    void noBudgetIsNoLimit() {
        Budget budget = parser.parse(AGENT).budget();

        assertThat(budget.maxDailyCost()).isNull();
        assertThat(budget.maxToolCallsPerInvocation()).isNull();
        assertThat(budget.hasDailyLimit()).isFalse();
        assertThat(budget.onExceeded()).isEqualTo(Budget.OnExceeded.PAUSE);
        assertThat(budget.resetAt()).isEqualTo(LocalTime.MIDNIGHT);
    }

    @Test
    void namesEveryBadBudgetField() {
        assertThatThrownBy(() -> parser.parse(AGENT + """
                budget:
                  max_tool_calls_per_invocation: 0
                  max_daily_cost: -1
                  tool_costs: {send_email: lots}
                  warning_threshold: 1.5
                  on_exceeded: panic
                  escalation: {url: "ftp://x", secret: plain}
                  timezone: Mars/Olympus
                  reset_at: "25:00"
                  max_fun: 3
                """))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsExactlyInAnyOrder("budget.max_fun", "budget.max_tool_calls_per_invocation", "budget.max_daily_cost",
                                "budget.tool_costs.send_email", "budget.warning_threshold", "budget.on_exceeded", "budget.escalation.url",
                                "budget.escalation.secret", "budget.timezone", "budget.reset_at"));
    }

    @Test
    void escalateNeedsAnEscalationUrl() {
        assertThatThrownBy(() -> parser.parse(AGENT + "budget: {max_daily_cost: 1, on_exceeded: escalate}\n"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("budget.escalation", "is required when on_exceeded is escalate: {url, secret: ${NAME}}")));
    }
}
