package io.castellan.process;

import io.castellan.manifest.Manifest;
import io.castellan.manifest.TriggerSpec;
import java.time.Instant;
import java.util.List;

/** A process as the API shows it. */
public record ProcessView(String name, String state, int version, String description, String model,
                          List<TriggerView> triggers, String state_reason, String active_invocation, int consecutive_failures,
                          Instant created_at, Instant updated_at, String manifest) {

    /** One trigger: the fields of its kind are set, the others null. */
    public record TriggerView(String kind, String schedule, String timezone, String path, String url, String topic,
                              Boolean include_own, List<String> from, List<String> events, String debounce) {

        static TriggerView of(TriggerSpec spec, String process) {
            return switch (spec) {
                case TriggerSpec.Cron c -> new TriggerView("cron", c.schedule().expression(), c.schedule().timezone(), null, null, null, null, null, null, null);
                case TriggerSpec.Webhook w -> new TriggerView("webhook", null, null, w.path(), "/hooks/" + process + w.path(), null, null, null, null, null);
                case TriggerSpec.Event e -> new TriggerView("event", null, null, null, null, e.pattern(), e.includeOwn(), null, null, null);
                case TriggerSpec.Message m -> new TriggerView("message", null, null, null, null, null, null, m.from(), null, null);
                case TriggerSpec.Files f -> new TriggerView("files", null, null, f.path(), null, null, null, null,
                        f.events().stream().map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList(), io.castellan.platform.Durations.written(f.debounce()));
            };
        }
    }

    public static ProcessView of(AgentProcess p, Manifest m, String manifestText) {
        List<TriggerView> triggers = m.triggers().stream().map(t -> TriggerView.of(t, p.name())).toList();
        return new ProcessView(p.name(), p.state().name(), p.version(), m.description(), m.model(), triggers,
                p.stateReason(), p.activeInvocation(), p.consecutiveFailures(), p.createdAt(), p.updatedAt(), manifestText);
    }

}
