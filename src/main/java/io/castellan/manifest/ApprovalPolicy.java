package io.castellan.manifest;

import java.time.Duration;
import java.util.List;

/**
 * A manifest's {@code approval} block: the tools whose every call waits for a person's decision,
 * how long a request waits ({@code timeout}, also for {@code request_approval}), what a request
 * nobody decided in time becomes, and where a signed notice of each request goes.
 *
 * @param noticeTo null when no notice is sent
 */
public record ApprovalPolicy(List<String> tools, Duration timeout, OnTimeout onTimeout, Budget.Escalation noticeTo) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);
    public static final Duration LONGEST = Duration.ofDays(30);

    /** A request not decided in time is rejected (the model hears so) or fails the invocation. */
    public enum OnTimeout { REJECT, FAIL }

    public static ApprovalPolicy none() {
        return new ApprovalPolicy(List.of(), DEFAULT_TIMEOUT, OnTimeout.REJECT, null);
    }

    /** True when a call of this tool waits for an approval before it runs. */
    public boolean gates(String tool) {
        return tools.contains(tool);
    }
}
