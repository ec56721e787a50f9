package io.castellan.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.util.function.Supplier;

/** Something an agent can do. Castellan executes it when the model asks, and journals the result. */
public interface Tool {

    String name();

    /** What the model is told of the tool: its name, purpose and argument schema (JSON Schema). */
    ToolSpecification specification();

    /**
     * True when the tool only touches Castellan's own database: it then runs inside the
     * transaction that records its result, so it happens exactly once.
     */
    default boolean transactional() {
        return false;
    }

    /**
     * For a transactional tool that needs something from outside Castellan before its transaction
     * (a memory tool's embedding by a provider's model): fetches it now through {@code outside}
     * and returns what to close once the step has run; null when it needs nothing, the default. A
     * step retried after a crash fetches again: what is fetched must have no effect.
     */
    default Fetched beforeTransaction(ToolContext context, JsonNode args, Outside outside) {
        return null;
    }

    /** What {@link #beforeTransaction} fetched, for the step that follows; closed after it. */
    interface Fetched extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * How {@link #beforeTransaction} calls out: what the loop holds open commits first (no lock
     * is held across the call), and a cancel of the invocation interrupts the call.
     */
    @FunctionalInterface
    interface Outside {
        Fetched call(Supplier<Fetched> call);
    }

    /**
     * True when {@code ${secret:NAME}} placeholders in its arguments are filled in for it: tools
     * that call out do; database-only tools and the sandboxed workspace tools never see a secret.
     */
    default boolean takesSecrets() {
        return !transactional();
    }

    /**
     * True when the tool suspends the invocation durably. Its {@code execute} checks the arguments,
     * starts what it waits for if anything (idempotently: a step retried after a crash calls it
     * again), and returns {@code {"until": <ISO instant>}} for a time ({@code wait}), or
     * {@code {"kind": "answer", "event_key": <asked invocation>, "until": <timeout>}} for an answer
     * ({@code ask_agent}), or {@code {"kind": "approval", "summary", "details"}} for a person's
     * decision ({@code request_approval}: the manifest's {@code approval.timeout} bounds it); the
     * engine then parks the invocation, holding no thread, until its event.
     */
    default boolean suspends() {
        return false;
    }

    /** @throws ToolException for a failure the model should hear about */
    JsonNode execute(ToolContext context, JsonNode args);
}
