package io.castellan.manifest;

import java.util.List;

/**
 * An agent's definition, as validated from its YAML or JSON manifest. Immutable: a change to a
 * process is a new manifest and a new version.
 */
public record Manifest(
        String name,
        String description,
        String model,
        ModelOptions modelOptions,
        ContextOptions context,
        String instructions,
        List<ScriptEntry> script,
        List<String> tools,
        List<McpServerSpec> mcpServers,
        List<String> networkAllow,
        List<TriggerSpec> triggers,
        RestartPolicy restartPolicy,
        int maxRestarts,
        java.time.Duration restartBackoff,
        OnBusy onBusy,
        OnToolError onToolError,
        int maxConsecutiveFailures,
        int maxSteps,
        int checkpointEvery,
        boolean start,
        Budget budget,
        HealthChecks health,
        java.util.Map<String, SecretSpec> secrets,
        Mission mission,
        ApprovalPolicy approval,
        /* how long ended invocations, the journal and the conversation are kept; null: the server's setting */
        java.time.Duration retention,
        /* the repository an executor works on in a sandbox, and its reviewer; null: none */
        WorkspaceSpec workspace,
        /* what the engine does with the process's long-term memory (auto recall); MemorySpec.NONE when unsaid */
        MemorySpec memory,
        /* declarative HTTP tools (an open agent's create_tool writes these) */
        List<HttpToolSpec> httpTools,
        /* the meta-tools and limits of an agent that may change itself; null: it may not */
        OpenModeSpec openMode,
        /* extension hooks run around each model and tool call, in order */
        List<String> hooks,
        /* an extension that writes the system prompt; null: Castellan's own */
        String promptBuilder,
        /* how an invocation runs: the plain tool loop, or plan, act (with expectations) and reflect */
        Protocol protocol,
        /* what its traces carry beyond the defaults (a model call's content) */
        TelemetrySpec telemetry,
        /* how other agent systems reach it: as an MCP tool, as an A2A agent */
        ExposeSpec expose) {

    /** How an invocation runs its model and tools. */
    public enum Protocol { TOOL_LOOP, PLAN_ACT_REFLECT }

    public boolean plansAndReflects() {
        return protocol == Protocol.PLAN_ACT_REFLECT;
    }

    /** What the supervisor does with a process that went FAILED: nothing, restart it (up to {@code max_restarts} in a row), or always restart it. */
    public enum RestartPolicy { NEVER, ON_FAILURE, ALWAYS }

    /** What a tool step that ends in an error does: go on (the model sees the error) or fail the invocation. */
    public enum OnToolError { CONTINUE, FAIL }

    /** What a trigger does while an invocation of its process runs. */
    public enum OnBusy { QUEUE, REJECT, INTERRUPT, COALESCE }

    /** The provider before the colon ({@code openai}, {@code anthropic}, {@code ollama}) or {@code scripted}. */
    public String provider() {
        int colon = model.indexOf(':');
        return colon < 0 ? model : model.substring(0, colon);
    }

    /** The provider's model name, after the colon. */
    public String modelName() {
        int colon = model.indexOf(':');
        return colon < 0 ? model : model.substring(colon + 1);
    }

    public java.util.Optional<Mission> missionSpec() {
        return java.util.Optional.ofNullable(mission);
    }

    public boolean isScripted() {
        return "scripted".equals(model);
    }

    public List<TriggerSpec.Cron> cronTriggers() {
        return triggers.stream().filter(TriggerSpec.Cron.class::isInstance).map(TriggerSpec.Cron.class::cast).toList();
    }

    public List<TriggerSpec.Webhook> webhooks() {
        return triggers.stream().filter(TriggerSpec.Webhook.class::isInstance).map(TriggerSpec.Webhook.class::cast).toList();
    }

    public List<TriggerSpec.Event> eventTriggers() {
        return triggers.stream().filter(TriggerSpec.Event.class::isInstance).map(TriggerSpec.Event.class::cast).toList();
    }

    /** The process's message trigger; without one it refuses messages from other processes. */
    public java.util.Optional<TriggerSpec.Message> messageTrigger() {
        return triggers.stream().filter(TriggerSpec.Message.class::isInstance).map(TriggerSpec.Message.class::cast).findFirst();
    }
}
