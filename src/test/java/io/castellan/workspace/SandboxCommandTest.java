package io.castellan.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.manifest.WorkspaceSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxCommandTest {

    private final SandboxCommand command = new SandboxCommand(Path.of("/data/workspaces/i1/exec"),
            new WorkspaceSpec.Limits(30, 1L << 30, 64, 1L << 20, 1024), List.of("/bin/sh", "-c", "make"));

    @Test
    void everyNamespaceIsItsOwnAndNothingIsKept() {
        List<String> argv = command.argv(false);
        assertThat(argv.get(0)).isEqualTo("/usr/bin/bwrap");
        assertThat(argv).contains("--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session", "--clearenv")
                .containsSequence("--cap-drop", "ALL").containsSequence("--tmpfs", "/tmp").containsSequence("--proc", "/proc");
        // only the workspace is writable, its .git read-only
        assertThat(argv).containsSequence("--bind", "/data/workspaces/i1/exec", "/workspace");
        assertThat(argv.stream().filter(a -> a.equals("--bind")).count()).isEqualTo(1);
        assertThat(argv).doesNotContain("/etc/shadow", "/etc/gshadow", "/root", "/home", "/proc/1").doesNotContainSequence("--ro-bind", "/etc", "/etc")
                .doesNotContainSequence("--bind", "/", "/").doesNotContainSequence("--ro-bind", "/", "/");
    }

    @Test
    void limitsAreSetInsideBeforeTheCommand() {
        List<String> argv = command.argv(false);
        int prlimit = argv.indexOf("/usr/bin/prlimit");
        assertThat(argv.subList(prlimit, argv.size())).containsExactly("/usr/bin/prlimit", "--cpu=30", "--as=1073741824", "--nproc=64",
                "--fsize=1048576", "--core=0", "--", "/bin/sh", "-c", "make");
    }

    @Test
    void withAnAllowListOnlyTheProxysSocketIsGivenAndARelayStartsFirst() {
        List<String> argv = new SandboxCommand(Path.of("/w"), WorkspaceSpec.Limits.DEFAULT, List.of("curl", "https://example.org"),
                Path.of("/tmp/castellan-net-1/proxy.sock")).argv(false);
        assertThat(argv).containsSequence("--bind", "/tmp/castellan-net-1/proxy.sock", EgressProxy.SOCKET_IN_SANDBOX)
                .containsSequence("--setenv", "https_proxy", "http://127.0.0.1:3128").contains("--unshare-all");
        assertThat(argv.subList(argv.size() - 6, argv.size())).startsWith("/bin/sh", "-c").endsWith("relay", "curl", "https://example.org");
    }

    @Test
    void aRootServerDropsToAnUnprivilegedUserFirst() {
        List<String> argv = command.argv(true);
        assertThat(argv.subList(0, 5)).containsExactly("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--");
        assertThat(argv.get(5)).isEqualTo("/usr/bin/bwrap");
    }
}
