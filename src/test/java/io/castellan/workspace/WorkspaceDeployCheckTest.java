package io.castellan.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.manifest.Manifest;
import io.castellan.manifest.ManifestParser;
import io.castellan.platform.ProblemException;
import io.castellan.process.ProcessEvent;
import io.castellan.process.ProcessState;
import org.junit.jupiter.api.Test;

/** A server whose sandbox does not work refuses workspaces at deploy, naming the field and why. */
class WorkspaceDeployCheckTest {

    private static ProcessEvent deployed(String workspace) {
        Manifest manifest = new ManifestParser(name -> null).parse("name: w\nmodel: scripted\n" + workspace + "script:\n  - {reply: done}\n");
        return new ProcessEvent(ProcessEvent.Kind.DEPLOYED, "w", null, ProcessState.RUNNING, 1, manifest, "admin");
    }

    @Test
    void aWorkspaceIsRefusedWhereSandboxesDoNotWork() {
        WorkspaceDeployCheck check = new WorkspaceDeployCheck(SandboxCheck.failing("bwrap: No such file or directory"));
        assertThatThrownBy(() -> check.refuseWithoutSandbox(deployed("workspace: {repo: /srv/r.git, verify: 'true'}\n")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("workspace");
                    assertThat(error.reason()).contains("bubblewrap").contains("No such file");
                }));
        check.refuseWithoutSandbox(deployed(""));
    }
}
