package io.castellan.manifest;

import java.util.List;

/**
 * A process's {@code workspace}: the repository its executor works on inside a sandbox, and what
 * the reviewer (Castellan, holding the credentials) runs before it commits and pushes a change.
 *
 * @param repo        an http(s) git URL or an absolute path of a repository on the server
 * @param branch      the branch the workspace starts from and changes are based on
 * @param verify      the shell command the reviewer runs, sandboxed, on its own copy with the change applied; it must exit 0
 * @param paths       path prefixes a change may touch; empty: everything but the protected paths
 * @param credentials how the reviewer signs in to the remote; null for a remote that needs none
 * @param pushPrefix  the branch name prefix the reviewer pushes accepted changes under
 * @param requireApproval a person approves each verified change before the reviewer pushes it
 * @param networkAllow    the hosts ({@code host}, {@code *.domain}, either with {@code :port}) sandboxed commands may
 *                        reach through the filtering proxy; empty: no network at all
 */
public record WorkspaceSpec(String repo, String branch, String verify, Limits limits, List<String> paths, Credentials credentials,
                            String pushPrefix, boolean requireApproval, List<String> networkAllow) {

    /**
     * What one sandboxed command may use.
     *
     * @param cpuSeconds  CPU time of each process (RLIMIT_CPU)
     * @param memoryBytes address space of each process (RLIMIT_AS)
     * @param processes   processes and threads of the sandbox (RLIMIT_NPROC, counted in its own user namespace)
     * @param diskBytes   the largest file it may write (RLIMIT_FSIZE)
     * @param outputBytes stdout and stderr kept, each; the rest is counted and dropped
     */
    public record Limits(int cpuSeconds, long memoryBytes, int processes, long diskBytes, long outputBytes) {
        public static final Limits DEFAULT = new Limits(600, 2L << 30, 256, 5L << 30, 1L << 20);
    }

    /** HTTP basic credentials: a user name and the name of a secret of the process holding the password or token. */
    public record Credentials(String username, String secret) {
    }

    public boolean remote() {
        return repo.startsWith("http://") || repo.startsWith("https://");
    }
}
