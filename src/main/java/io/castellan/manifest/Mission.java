package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * What a process is for and when it is done: evaluated by a model call every {@code checkInterval}
 * completed invocations, bounded by a number of invocations and a duration.
 *
 * @param evaluations for the scripted model only: the answers its evaluations give, in order (the
 *                    last one repeats)
 */
public record Mission(
        String objective,
        String successCriteria,
        int checkInterval,
        double confidenceThreshold,
        Integer maxInvocations,
        Duration maxDuration,
        OnComplete onComplete,
        OnStuck onStuck,
        OnTimeout onTimeout,
        List<JsonNode> evaluations) {

    public enum OnComplete { STOP, NOTIFY, CONTINUE }

    public enum OnStuck { ESCALATE, PAUSE, STOP }

    public enum OnTimeout { FAIL, STOP }
}
