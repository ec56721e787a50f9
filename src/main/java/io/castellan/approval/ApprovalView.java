package io.castellan.approval;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.invocation.wait.Approval;
import java.time.Instant;
import java.util.Locale;

/**
 * An approval request as the API shows it. {@code tool} is the gated tool whose call waits (its
 * {@code arguments} as the model gave them), or null for {@code request_approval}; {@code state}
 * is pending, approved, rejected, expired or withdrawn.
 */
public record ApprovalView(String id, String process, String invocation, int step, String tool, String summary, JsonNode details,
                           JsonNode arguments, String state, Instant requested_at, Instant expires_at, Instant decided_at,
                           String decided_by, String decided_via, String comment) {

    static ApprovalView of(Approval a) {
        return new ApprovalView(a.id(), a.processName(), a.invocationId(), a.step(), a.tool(), a.summary(), a.details(), a.arguments(),
                a.state().name().toLowerCase(Locale.ROOT), a.requestedAt(), a.expiresAt(), a.decidedAt(), a.decidedBy(), a.decidedVia(),
                a.comment());
    }
}
