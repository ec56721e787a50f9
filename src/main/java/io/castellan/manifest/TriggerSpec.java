package io.castellan.manifest;

import java.util.List;

/** A trigger declared in a manifest. Manual invocations and JMS messages need no declaration. */
public sealed interface TriggerSpec permits TriggerSpec.Cron, TriggerSpec.Webhook, TriggerSpec.Event, TriggerSpec.Message,
        TriggerSpec.Files {

    /** One line for lists: {@code cron 0 * * * *}, {@code webhook /alert}, {@code event pipeline.*}, {@code message from a, b-*}. */
    String summary();

    /** Fires on a calendar schedule. */
    record Cron(CronSchedule schedule) implements TriggerSpec {
        public String summary() {
            return "cron " + schedule.expression();
        }
    }

    /**
     * Fires on a signed POST to {@code /hooks/<process>/<path>}; {@code secretVariable} names the
     * environment variable that holds the HMAC key, which is never stored; {@code scheme} is how the
     * sender signs: Castellan's own headers, GitHub's or Stripe's.
     */
    record Webhook(String path, String secretVariable, Scheme scheme) implements TriggerSpec {

        /** Who signs the deliveries, and so which headers carry the signature and the delivery id. */
        public enum Scheme { CASTELLAN, GITHUB, STRIPE }

        public Webhook(String path, String secretVariable) {
            this(path, secretVariable, Scheme.CASTELLAN);
        }

        public String summary() {
            return "webhook " + path + (scheme == Scheme.CASTELLAN ? "" : " (" + scheme.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
    }

    /**
     * Fires once for each event published on a topic the pattern matches ({@link Topics}); the
     * process's own events only when {@code includeOwn}.
     */
    record Event(String pattern, boolean includeOwn) implements TriggerSpec {
        public String summary() {
            return "event " + pattern + (includeOwn ? " (own events too)" : "");
        }
    }

    /**
     * Lets other processes send this one messages; {@code from} lists the senders it takes
     * (process names, {@code *} matching any run of characters), every process when empty.
     */
    record Message(List<String> from) implements TriggerSpec {

        public String summary() {
            return "message from " + (from.isEmpty() ? "any process" : String.join(", ", from));
        }

        public boolean accepts(String sender) {
            return from.isEmpty() || from.stream().anyMatch(glob -> matches(glob, sender));
        }

        /** A glob is checked at deploy to be a-z, 0-9, '-' and '*': only '*' means anything to a regex. */
        private static boolean matches(String glob, String name) {
            return name.matches(glob.replace("*", ".*"));
        }
    }

    /**
     * Fires once for each settled change of a file the glob matches: {@code path} is absolute, its
     * last segment may hold {@code * ? [..] {..}} (the directory may not), under one of the
     * server's watch roots; a change is settled once the file's size and time have stayed the same
     * for {@code debounce}.
     */
    record Files(String path, java.util.Set<Change> events, java.time.Duration debounce) implements TriggerSpec {

        /** What happened to a file. */
        public enum Change { CREATED, MODIFIED, DELETED }

        public String summary() {
            return "files " + path;
        }

        /** The watched directory. */
        public java.nio.file.Path directory() {
            return java.nio.file.Path.of(path).getParent();
        }

        /** The glob file names must match, in the directory. */
        public String glob() {
            return java.nio.file.Path.of(path).getFileName().toString();
        }
    }
}
