package io.castellan.workspace;

/**
 * How one sandboxed command ended: its exit code (137 when it was killed), what it wrote (each
 * stream cut at the output limit), whether it ran out of time, and the connections its proxy
 * refused ({@code host:port (why)}).
 */
public record SandboxOutcome(int exitCode, String stdout, String stderr, boolean truncated, boolean timedOut, java.util.List<String> refused) {

    /** The last {@code chars} characters of what it wrote, stderr after stdout: what a verdict quotes. */
    public String tail(int chars) {
        String both = stdout + (stderr.isEmpty() ? "" : (stdout.isEmpty() ? "" : "\n") + stderr);
        return both.length() <= chars ? both : both.substring(both.length() - chars);
    }
}
