package io.castellan.process;

import io.castellan.manifest.Manifest;
import io.castellan.manifest.TriggerSpec;
import java.time.Instant;
import java.util.List;

/** A process as the API shows it. */
public record ProcessView(String name, String state, int version, String description, String model,
                          List<TriggerView> triggers, String state_reason, String active_invocation, int consecutive_failures,
                          Instant created_at, Instant updated_at, String manifest) {

    public record TriggerView(String kind, String schedule, String timezone, String path, String url) {
    }

    static ProcessView of(AgentProcess p, Manifest m, String manifestText) {
        List<TriggerView> triggers = m.triggers().stream().map(t -> t instanceof TriggerSpec.Cron c
                ? new TriggerView("cron", c.schedule().expression(), c.schedule().timezone(), null, null)
                : new TriggerView("webhook", null, null, ((TriggerSpec.Webhook) t).path(),
                        "/hooks/" + p.name() + ((TriggerSpec.Webhook) t).path())).toList();
        return new ProcessView(p.name(), p.state().name(), p.version(), m.description(), m.model(), triggers,
                p.stateReason(), p.activeInvocation(), p.consecutiveFailures(), p.createdAt(), p.updatedAt(), manifestText);
    }

}
