package io.castellan.workspace;

import io.castellan.manifest.WorkspaceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of one sandboxed run: bubblewrap with every namespace of its own (mount, PID,
 * IPC, UTS, network, user), the system read-only, a private /tmp and /proc, no capabilities, an
 * empty environment, only the workspace writable and its {@code .git} read-only (so no hook or
 * config can be planted for the reviewer), and the limits set inside the sandbox by {@code prlimit}
 * (inside, so its process count is its own user namespace's, not the server's threads).
 *
 * <p>A server running as root first drops to an unprivileged user ({@code setpriv}): a process
 * whose user is root on the host escapes RLIMIT_NPROC, and a fork bomb would not be stopped.
 */
record SandboxCommand(Path workspace, WorkspaceSpec.Limits limits, List<String> command, Path proxySocket) {

    /** Without a network: no proxy. */
    SandboxCommand(Path workspace, WorkspaceSpec.Limits limits, List<String> command) {
        this(workspace, limits, command, null);
    }

    /**
     * With a proxy, the command starts once socat listens on 127.0.0.1:3128 inside (its line in
     * /proc/net/tcp: 0100007F:0C38, state 0A, listening), relaying to the proxy's socket.
     */
    private static final String RELAY = "/usr/bin/socat TCP-LISTEN:3128,bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:"
            + EgressProxy.SOCKET_IN_SANDBOX + " & until grep -q ' 0100007F:0C38 00000000:0000 0A' /proc/net/tcp; do sleep 0.01; done; exec \"$@\"";

    /** The unprivileged host user a root server runs its sandboxes as. */
    static final int HOST_UID = 65534;
    /** Whom the command runs as inside. */
    static final int SANDBOX_UID = 1000;
    static final String MOUNT = "/workspace";
    /** Only these of /etc: enough for programs to start and resolve names; never shadow, ssh keys or the server's. */
    private static final List<String> ETC = List.of("passwd", "group", "hosts", "nsswitch.conf", "ld.so.cache", "ld.so.conf", "ld.so.conf.d",
            "alternatives", "localtime", "ssl", "ca-certificates", "java-17-openjdk", "mime.types", "gitconfig");

    List<String> argv(boolean asRoot) {
        List<String> argv = new ArrayList<>();
        if (asRoot) {
            argv.addAll(List.of("/usr/bin/setpriv", "--reuid=" + HOST_UID, "--regid=" + HOST_UID, "--clear-groups", "--"));
        }
        argv.addAll(List.of("/usr/bin/bwrap", "--die-with-parent", "--new-session", "--unshare-all", "--unshare-user", "--disable-userns",
                "--uid", String.valueOf(SANDBOX_UID), "--gid", String.valueOf(SANDBOX_UID), "--hostname", "sandbox", "--cap-drop", "ALL",
                "--clearenv", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin", "--setenv", "HOME", MOUNT, "--setenv", "LANG", "C.UTF-8",
                "--setenv", "TMPDIR", "/tmp",
                "--ro-bind", "/usr", "/usr"));
        for (String link : List.of("bin", "lib", "lib64", "sbin")) {
            Path top = Path.of("/" + link);
            if (Files.isSymbolicLink(top)) {
                argv.addAll(List.of("--symlink", "usr/" + link, "/" + link));
            } else if (Files.isDirectory(top)) {
                argv.addAll(List.of("--ro-bind", "/" + link, "/" + link));
            }
        }
        argv.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--dir", "/etc"));
        for (String entry : ETC) {
            if (Files.exists(Path.of("/etc", entry))) {
                argv.addAll(List.of("--ro-bind", "/etc/" + entry, "/etc/" + entry));
            }
        }
        if (proxySocket != null) {
            argv.addAll(List.of("--dir", "/run/castellan", "--bind", proxySocket.toString(), EgressProxy.SOCKET_IN_SANDBOX));
            for (String variable : List.of("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")) {
                argv.addAll(List.of("--setenv", variable, "http://127.0.0.1:3128"));
            }
        }
        argv.addAll(List.of("--bind", workspace.toString(), MOUNT));
        if (Files.isDirectory(workspace.resolve(".git"))) {
            argv.addAll(List.of("--ro-bind", workspace.resolve(".git").toString(), MOUNT + "/.git"));
        }
        // the sandbox's own root (a tmpfs holding the mount points) read-only too: only the workspace and /tmp take writes
        argv.addAll(List.of("--remount-ro", "/", "--chdir", MOUNT, "--", "/usr/bin/prlimit",
                "--cpu=" + limits.cpuSeconds(), "--as=" + limits.memoryBytes(), "--nproc=" + limits.processes(),
                "--fsize=" + limits.diskBytes(), "--core=0", "--"));
        if (proxySocket != null) {
            argv.addAll(List.of("/bin/sh", "-c", RELAY, "relay"));
        }
        argv.addAll(command);
        return argv;
    }
}
