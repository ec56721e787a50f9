package io.castellan.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.platform.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * An invocation's {@code TRIGGER_RECEIVED} journal entry: its trigger's kind, ref and payload.
 * Most accepts journal it at once. A cron minute's batch defers it ({@link Invocation#deferReceipt}):
 * for 10,000 schedules that fall due together, the entry and the journal counter's advance were a
 * third of what the minute wrote (docs/performance.md, session 67), and the invocation row already
 * records the accept durably. A deferred receipt is journaled, with the time its trigger was queued,
 * by the first of the invocation's start (in its claim, just before {@code INVOCATION_STARTED}), its
 * ending unstarted (cancelled, coalesced, failed) and a refusal by its process's daily budget (whose
 * {@code BUDGET_EXCEEDED} names it), so every invocation's journal still begins with it.
 */
@ApplicationScoped
public class TriggerReceipts {

    @Inject
    private Journal journal;

    /** The receipt, at the accept, in the accept's transaction. */
    public void journal(String process, String invocationId, TriggerKind kind, String ref, JsonNode payload) {
        journal.append(process, JournalType.TRIGGER_RECEIVED, invocationId, data(kind, ref, payload));
    }

    /**
     * The deferred receipt, if the invocation's is still to be written, in the caller's transaction,
     * which holds (or takes here) its process's lock.
     */
    public void journalIfPending(Invocation invocation) {
        if (!invocation.receiptPending()) {
            return;
        }
        invocation.receiptJournaled();
        ObjectNode data = data(invocation.triggerKind(), invocation.triggerRef(), invocation.triggerPayload());
        data.put("queued_at", invocation.queuedAt().toString());
        journal.append(invocation.processName(), JournalType.TRIGGER_RECEIVED, invocation.id(), data);
    }

    private static ObjectNode data(TriggerKind kind, String ref, JsonNode payload) {
        ObjectNode data = Json.object().put("kind", kind.name());
        if (ref != null) {
            data.put("ref", ref);
        }
        data.set("payload", payload);
        return data;
    }
}
