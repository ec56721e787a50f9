package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a manifest's {@code workspace} block. */
public final class WorkspaceBlock {

    /** The tools a workspace gives its process: the executor's, and the way out through the reviewer. */
    public static final List<String> TOOLS = List.of("shell", "read_file", "write_file", "apply_patch", "list_files", "search_files", "propose_change");

    private static final Set<String> FIELDS = Set.of("repo", "branch", "verify", "limits", "network", "paths", "credentials", "push_prefix", "review");
    private static final Set<String> LIMITS = Set.of("cpu_seconds", "memory", "processes", "disk", "output");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,7})([kmg]?)");
    /** A host as {@code network.allow} takes it, with an optional port. */
    private static final Pattern ALLOW = Pattern.compile("(" + ManifestParser.HOST.pattern() + ")(:\\d{1,5})?");
    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private WorkspaceBlock() {
    }

    static WorkspaceSpec read(Fields manifest, Map<String, SecretSpec> secrets) {
        Fields workspace = manifest.block("workspace", FIELDS);
        if (workspace == null) {
            return null;
        }
        String repo = repo(workspace);
        String branch = branch(workspace, "branch", "main");
        String verify = workspace.text("verify", true);
        if (verify != null && (verify.isBlank() || verify.length() > 4000)) {
            workspace.error("verify", "must be a shell command of 1 to 4000 characters");
        }
        List<String> allow = network(workspace);
        WorkspaceSpec.Limits limits = limits(workspace);
        List<String> paths = paths(workspace);
        WorkspaceSpec.Credentials credentials = credentials(workspace, secrets);
        JsonNode name = manifest.get("name");
        String prefix = branch(workspace, "push_prefix", "castellan/" + (name == null ? "agent" : name.asText("agent")));
        if (credentials != null && repo != null && !repo.startsWith("https://") && !repo.startsWith("http://")) {
            workspace.error("credentials", "are for an http(s) repo; a repository on the server needs none");
        }
        Fields review = workspace.block("review", Set.of("require_approval"));
        boolean approval = review != null && review.bool("require_approval", false);
        return new WorkspaceSpec(repo, branch, verify, limits, paths, credentials, prefix, approval, allow);
    }

    private static String repo(Fields workspace) {
        String repo = workspace.text("repo", true);
        if (repo == null) {
            return null;
        }
        boolean url = repo.matches("https?://[^\\s@/]+(:\\d+)?/\\S*");
        boolean path = repo.startsWith("/") && !repo.contains("\n") && !repo.contains("..");
        if (!url && !path) {
            workspace.error("repo", "must be an http:// or https:// git URL without credentials in it, or an absolute path on the server");
            return null;
        }
        return repo;
    }

    private static String branch(Fields workspace, String field, String fallback) {
        String branch = workspace.text(field, false);
        if (branch == null) {
            return fallback;
        }
        if (!BRANCH.matcher(branch).matches() || branch.contains("..") || branch.endsWith(".lock") || branch.length() > 200) {
            workspace.error(field, "must be a git branch name (letters, digits, '.', '_', '-' and '/')");
        }
        return branch;
    }

    /** {@code none} (the default) or {@code {allow: [host, *.domain, host:port, ...]}}: reached only through the filtering proxy. */
    private static List<String> network(Fields workspace) {
        JsonNode network = workspace.get("network");
        if (network == null || (network.isTextual() && network.asText().equals("none"))) {
            return List.of();
        }
        Fields block = network.isObject() ? workspace.block("network", Set.of("allow")) : null;
        JsonNode allow = block == null ? null : block.list("allow", "must be a list of hosts: host, *.domain, either with :port");
        if (allow == null) {
            workspace.error("network", "must be none or {allow: [host, *.domain, host:port, ...]}");
            return List.of();
        }
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < allow.size(); i++) {
            String entry = allow.get(i).asText("");
            if (!allow.get(i).isTextual() || !ALLOW.matcher(entry).matches() || entry.length() > 300) {
                block.error("allow[" + i + "]", "must be a host name or IPv4 address, or *.domain, optionally with :port");
            } else {
                hosts.add(entry.toLowerCase(Locale.ROOT));
            }
        }
        if (hosts.isEmpty() && allow.isEmpty()) {
            block.error("allow", "must name at least one host (or say network: none)");
        }
        return List.copyOf(hosts);
    }

    private static WorkspaceSpec.Limits limits(Fields workspace) {
        Fields limits = workspace.block("limits", LIMITS);
        WorkspaceSpec.Limits d = WorkspaceSpec.Limits.DEFAULT;
        if (limits == null) {
            return d;
        }
        return new WorkspaceSpec.Limits(limits.integer("cpu_seconds", d.cpuSeconds(), 1, 86_400), size(limits, "memory", d.memoryBytes(), 64L << 20),
                limits.integer("processes", d.processes(), 8, 65_536), size(limits, "disk", d.diskBytes(), 1L << 20),
                size(limits, "output", d.outputBytes(), 1L << 10));
    }

    /** {@code 512k}, {@code 2g}: a size in bytes, kibibytes, mebibytes or gibibytes. */
    private static long size(Fields limits, String field, long fallback, long least) {
        JsonNode value = limits.get(field);
        if (value == null) {
            return fallback;
        }
        Matcher m = SIZE.matcher(value.asText("").toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            limits.error(field, "must be a size such as 512k, 256m or 2g");
            return fallback;
        }
        long bytes = Long.parseLong(m.group(1)) << switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        if (bytes < least || bytes > (1L << 40)) {
            limits.error(field, "must be from " + (least >> 10) + "k to 1024g");
            return fallback;
        }
        return bytes;
    }

    private static List<String> paths(Fields workspace) {
        List<String> paths = new ArrayList<>();
        JsonNode list = workspace.list("paths", "must be a list of path prefixes in the repository, such as src/ or docs/");
        for (int i = 0; list != null && i < list.size(); i++) {
            String path = list.get(i).asText("");
            if (!list.get(i).isTextual() || path.isEmpty() || path.startsWith("/") || path.contains("..") || path.length() > 500) {
                workspace.error("paths[" + i + "]", "must be a relative path prefix in the repository, without '..'");
            } else {
                paths.add(path);
            }
        }
        return List.copyOf(paths);
    }

    private static WorkspaceSpec.Credentials credentials(Fields workspace, Map<String, SecretSpec> secrets) {
        Fields credentials = workspace.block("credentials", Set.of("username", "secret"));
        if (credentials == null) {
            return null;
        }
        String username = credentials.text("username", true);
        if (username != null && (username.isEmpty() || username.contains(":") || username.length() > 200)) {
            credentials.error("username", "must be 1 to 200 characters without ':'");
        }
        String secret = credentials.text("secret", true);
        if (secret != null && !secrets.containsKey(secret)) {
            credentials.error("secret", "must name a secret declared in this manifest's secrets block (it holds the password or token)");
        }
        return new WorkspaceSpec.Credentials(username, secret);
    }
}
