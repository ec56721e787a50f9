package io.castellan.inbox;

import java.time.Instant;
import java.util.Locale;

/** An inbox message as the API shows it; {@code delivered_to} is the invocation and turn that showed it to the model. */
public record InboxView(String id, String process, String message, String priority, String sent_by, Instant sent_at, Instant expires_at,
                        String state, Instant delivered_at, Delivery delivered_to) {

    /** Where a delivered message went. */
    public record Delivery(String invocation, int turn) {
    }

    static InboxView of(InboxMessage m) {
        return new InboxView(m.id(), m.processName(), m.message(), m.priority().label(), m.sentBy(), m.sentAt(), m.expiresAt(),
                m.state().name().toLowerCase(Locale.ROOT), m.deliveredAt(),
                m.deliveredInvocation() == null ? null : new Delivery(m.deliveredInvocation(), m.deliveredTurn()));
    }
}
