package io.castellan.workspace;

import io.castellan.tool.ToolException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;

/**
 * The reviewer's git: run by the server, outside any sandbox, on repositories it made, so it must
 * not be steered by what an executor wrote. No hooks, no system or user configuration, no prompt;
 * the repositories' ownership (a root server hands the executor's copy to the sandbox user) is
 * trusted; credentials come in through the environment (never the command line or a file).
 */
final class Git {

    private static final long TIMEOUT_SECONDS = 600;
    private static final long OUTPUT = 4L << 20;

    /** What git printed, and how it ended. */
    record Result(int exitCode, String out, String err) {
        boolean ok() {
            return exitCode == 0;
        }

        String why() {
            String text = (err.isBlank() ? out : err).strip();
            return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
        }
    }

    private final Path home;
    private final Map<String, String> environment;
    /** written once, when this git is made, not at every command */
    private final Path config;

    /**
     * @param home        an empty directory git may use as HOME
     * @param environment more environment, such as the credential header ({@link #credentialHeader})
     */
    Git(Path home, Map<String, String> environment) {
        this.home = home;
        this.environment = environment;
        this.config = globalConfig();
    }

    /** The environment that makes git send an HTTP basic Authorization header, without the secret in any argument or file. */
    static Map<String, String> credentialHeader(String username, String password) {
        String basic = java.util.Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return Map.of("GIT_CONFIG_COUNT", "1", "GIT_CONFIG_KEY_0", "http.extraHeader", "GIT_CONFIG_VALUE_0", "Authorization: Basic " + basic);
    }

    Result run(Path dir, String stdin, String... args) {
        return run(dir, stdin, Map.of(), args);
    }

    Result run(Path dir, String stdin, Map<String, String> more, String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/git", "-c", "core.hooksPath=/dev/null", "-c", "safe.directory=*",
                "-c", "core.fsmonitor=false", "-c", "protocol.ext.allow=never", "-c", "credential.helper=",
                // the credential header goes to the remote named in the manifest, never to where it redirects
                "-c", "http.followRedirects=false"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        // the only configuration: trust the repositories the reviewer made (a root server handed
        // the executor's to the sandbox user); protected configuration, so local fetches honour it too
        env.put("GIT_CONFIG_GLOBAL", config.toString());
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.putAll(environment);
        env.putAll(more);
        try {
            ChildProcess.Ended ended = ChildProcess.await(builder.start(), stdin, Duration.ofSeconds(TIMEOUT_SECONDS), OUTPUT);
            if (ended.timedOut()) {
                throw new ToolException("git " + args[0] + " took longer than " + TIMEOUT_SECONDS + " s and was stopped");
            }
            return new Result(ended.exitCode(), ended.out(), ended.err());
        } catch (IOException e) {
            throw new ToolException("git could not run on this server: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("stopped: the invocation was cancelled or the server is stopping");
        }
    }

    private Path globalConfig() {
        Path config = home.resolve(".gitconfig");
        try {
            if (!Files.exists(config)) {
                Files.createDirectories(home);
                Files.writeString(config, "[safe]\n\tdirectory = *\n");
            }
        } catch (IOException e) {
            throw new ToolException("git's configuration could not be written: " + e.getMessage());
        }
        return config;
    }

    /** Runs git and fails the step with {@code what} and git's own words when it fails. */
    Result must(Path dir, String what, String... args) {
        Result result = run(dir, null, args);
        if (!result.ok()) {
            throw new ToolException(what + ": " + result.why());
        }
        return result;
    }
}
