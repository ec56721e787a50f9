package io.castellan.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.platform.ProblemException;
import org.junit.jupiter.api.Test;

class WorkspaceBlockTest {

    private static final ManifestParser PARSER = new ManifestParser(name -> null);

    private static Manifest parse(String workspace) {
        return PARSER.parse("""
                name: fixer
                model: scripted
                secrets: {GIT_TOKEN: {}}
                %s
                script:
                  - {reply: done}
                """.formatted(workspace));
    }

    private static String errorsOf(String workspace) {
        try {
            parse(workspace);
        } catch (ProblemException e) {
            return e.errors().toString();
        }
        throw new AssertionError("accepted: " + workspace);
    }

    @Test
    void aWorkspaceGivesItsToolsAndDefaults() {
        Manifest manifest = parse("workspace: {repo: 'https://git.example.org/team/calc.git', verify: 'make test'}");
        WorkspaceSpec spec = manifest.workspace();
        assertThat(spec.branch()).isEqualTo("main");
        assertThat(spec.pushPrefix()).isEqualTo("castellan/fixer");
        assertThat(spec.limits()).isEqualTo(WorkspaceSpec.Limits.DEFAULT);
        assertThat(spec.credentials()).isNull();
        assertThat(spec.requireApproval()).isFalse();
        assertThat(spec.networkAllow()).isEmpty();
        assertThat(manifest.tools()).containsAll(WorkspaceBlock.TOOLS);
    }

    @Test
    void limitsCredentialsAndPathsAreRead() {
        WorkspaceSpec spec = parse("""
                workspace:
                  repo: /srv/git/calc.git
                  branch: release/2
                  verify: sh test.sh
                  paths: [src/, docs/]
                  review: {require_approval: true}
                  network: {allow: [repo.maven.apache.org, '*.Example.org:8443', '10.1.2.3']}
                  limits: {cpu_seconds: 30, memory: 512m, processes: 32, disk: 1g, output: 64k}
                """).workspace();
        assertThat(spec.limits()).isEqualTo(new WorkspaceSpec.Limits(30, 512L << 20, 32, 1L << 30, 64L << 10));
        assertThat(spec.paths()).containsExactly("src/", "docs/");
        assertThat(spec.branch()).isEqualTo("release/2");
        assertThat(spec.requireApproval()).isTrue();
        assertThat(spec.networkAllow()).containsExactly("repo.maven.apache.org", "*.example.org:8443", "10.1.2.3");
        assertThat(parse("workspace: {repo: 'https://h/r.git', verify: x, credentials: {username: bot, secret: GIT_TOKEN}}").workspace().credentials())
                .isEqualTo(new WorkspaceSpec.Credentials("bot", "GIT_TOKEN"));
    }

    @Test
    void badWorkspacesAreRefusedNamingTheField() {
        assertThat(errorsOf("workspace: {verify: x}")).contains("workspace.repo");
        assertThat(errorsOf("workspace: {repo: 'https://bot:pw@h/r.git', verify: x}")).contains("workspace.repo");
        assertThat(errorsOf("workspace: {repo: 'relative/path', verify: x}")).contains("workspace.repo");
        assertThat(errorsOf("workspace: {repo: '/srv/r.git'}")).contains("workspace.verify");
        assertThat(errorsOf("workspace: {repo: '/srv/r.git', verify: x, branch: 'a..b'}")).contains("workspace.branch");
        assertThat(errorsOf("workspace: {repo: '/srv/r.git', verify: x, limits: {memory: lots}}")).contains("workspace.limits.memory");
        assertThat(errorsOf("workspace: {repo: '/srv/r.git', verify: x, limits: {processes: 1}}")).contains("workspace.limits.processes");
        assertThat(errorsOf("workspace: {repo: '/srv/r.git', verify: x, paths: ['../etc']}")).contains("workspace.paths[0]");
        assertThat(errorsOf("workspace: {repo: '/srv/r.git', verify: x, network: {allow: ['exa mple.org']}}")).contains("workspace.network.allow[0]");
        assertThat(errorsOf("workspace: {repo: '/srv/r.git', verify: x, network: {allow: []}}")).contains("workspace.network.allow");
        assertThat(errorsOf("workspace: {repo: '/srv/r.git', verify: x, network: all}")).contains("workspace.network");
        assertThat(errorsOf("workspace: {repo: 'https://h/r.git', verify: x, credentials: {username: bot, secret: NOPE}}"))
                .contains("workspace.credentials.secret");
        assertThat(errorsOf("workspace: {repo: '/srv/r.git', verify: x, credentials: {username: bot, secret: GIT_TOKEN}}"))
                .contains("workspace.credentials");
        assertThat(errorsOf("workspace: {repo: '/srv/r.git', verify: x, sandbox: off}")).contains("workspace.sandbox");
        assertThat(errorsOf("workspace: {repo: '/srv/r.git', verify: x, review: {require_approval: maybe}}")).contains("workspace.review.require_approval");
    }

    @Test
    void workspaceToolsNeedAWorkspace() {
        assertThat(errorsOf("tools: [shell]")).contains("tools[0]").contains("needs a workspace block");
    }
}
