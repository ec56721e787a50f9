package io.castellan.workspace;

import io.castellan.platform.ProblemException;
import io.castellan.process.ProcessEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** A manifest with a {@code workspace} is refused, in the deploy's transaction, by a server where sandboxes do not work. */
@ApplicationScoped
public class WorkspaceDeployCheck {

    @Inject
    private SandboxCheck check;

    WorkspaceDeployCheck() {
    }

    WorkspaceDeployCheck(SandboxCheck check) {
        this.check = check;
    }

    void refuseWithoutSandbox(@Observes ProcessEvent event) {
        boolean deploys = event.kind() == ProcessEvent.Kind.DEPLOYED || event.kind() == ProcessEvent.Kind.UPDATED;
        if (!deploys || event.manifest() == null || event.manifest().workspace() == null) {
            return;
        }
        if (!check.works()) {
            throw ProblemException.invalid("workspace", "needs the bubblewrap sandbox, which does not work on this server: " + check.problem());
        }
        if (!event.manifest().workspace().networkAllow().isEmpty() && !check.relays()) {
            throw ProblemException.invalid("workspace.network", "an allow-list needs socat on the server (apt-get install socat), which relays the sandbox to its proxy");
        }
    }
}
