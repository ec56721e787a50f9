package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a manifest's {@code triggers}: each item exactly one of cron, webhook, event or message. */
final class TriggersBlock {

    private static final List<String> KINDS = List.of("cron", "webhook", "event", "message", "files");
    private static final Pattern WEBHOOK_PATH = Pattern.compile("/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*");
    private static final Pattern SENDER_GLOB = Pattern.compile("[a-z0-9*-]{1,63}");
    private static final Set<String> EVENT_FIELDS = Set.of("topic", "include_own");
    private static final Set<String> MESSAGE_FIELDS = Set.of("from");

    private final Fields manifest;
    private final List<java.nio.file.Path> watchRoots;
    private final List<TriggerSpec> triggers = new ArrayList<>();
    private final Set<String> paths = new HashSet<>();

    private TriggersBlock(Fields manifest, List<java.nio.file.Path> watchRoots) {
        this.manifest = manifest;
        this.watchRoots = watchRoots;
    }

    /** @param watchRoots where files triggers may watch; null when not checked (a stored manifest) */
    static List<TriggerSpec> read(Fields manifest, List<java.nio.file.Path> watchRoots) {
        TriggersBlock block = new TriggersBlock(manifest, watchRoots);
        JsonNode node = manifest.list("triggers", "must be a list");
        if (node != null) {
            for (int i = 0; i < node.size(); i++) {
                block.item(node.get(i), i);
            }
        }
        return block.triggers;
    }

    private void item(JsonNode t, int index) {
        String at = "triggers[" + index + "]";
        List<String> kinds = t.isObject() ? KINDS.stream().filter(t::has).toList() : List.of();
        if (kinds.size() != 1) {
            manifest.error(at, "must have exactly one of 'cron', 'webhook', 'event', 'message' or 'files'");
            return;
        }
        Fields trigger = manifest.item("triggers", index);
        switch (kinds.get(0)) {
            case "cron" -> cron(trigger, t);
            case "webhook" -> webhook(trigger, t);
            case "event" -> event(trigger, t.get("event"));
            case "files" -> {
                TriggerSpec.Files files = FilesTrigger.read(trigger, t.get("files"), watchRoots);
                if (files != null) {
                    triggers.add(files);
                }
            }
            default -> message(trigger, t.get("message"));
        }
    }

    private void cron(Fields trigger, JsonNode t) {
        String timezone = t.path("timezone").asText("UTC");
        try {
            ZoneId.of(timezone);
        } catch (DateTimeException e) {
            trigger.error("timezone", "'" + timezone + "' is not a time zone (use a name such as Europe/Berlin)");
            return;
        }
        try {
            triggers.add(new TriggerSpec.Cron(CronSchedule.parse(t.get("cron").asText(), timezone)));
        } catch (IllegalArgumentException e) {
            trigger.error("cron", e.getMessage());
        }
    }

    private void webhook(Fields trigger, JsonNode t) {
        String path = t.get("webhook").asText();
        if (!WEBHOOK_PATH.matcher(path).matches()) {
            trigger.error("webhook", "must be a path such as /alert");
            return;
        }
        if (!paths.add(path)) {
            trigger.error("webhook", "path " + path + " is declared twice");
            return;
        }
        String secret = trigger.environmentReference("secret", "is required and must name an environment variable as ${NAME}, so the key is never stored");
        TriggerSpec.Webhook.Scheme scheme = trigger.choice("verify", TriggerSpec.Webhook.Scheme.class, TriggerSpec.Webhook.Scheme.CASTELLAN);
        if (secret != null) {
            triggers.add(new TriggerSpec.Webhook(path, secret, scheme));
        }
    }

    /** {@code event: "pipeline.*"}, or {@code event: {topic: "pipeline.*", include_own: true}}. */
    private void event(Fields trigger, JsonNode value) {
        String pattern;
        boolean includeOwn = false;
        if (value.isTextual()) {
            pattern = value.asText();
        } else if (value.isObject()) {
            Fields event = trigger.block("event", EVENT_FIELDS);
            pattern = event.text("topic", true);
            includeOwn = event.bool("include_own", false);
            if (pattern == null) {
                return;
            }
        } else {
            trigger.error("event", "must be a topic pattern such as \"pipeline.*\", or {topic, include_own}");
            return;
        }
        String problem = Topics.patternProblem(pattern);
        if (problem != null) {
            trigger.error(value.isObject() ? "event.topic" : "event", problem);
            return;
        }
        triggers.add(new TriggerSpec.Event(pattern, includeOwn));
    }

    /** {@code message: {}} takes messages from every process, {@code message: {from: [a, "ingest-*"]}} from those. */
    private void message(Fields trigger, JsonNode value) {
        if (triggers.stream().anyMatch(TriggerSpec.Message.class::isInstance)) {
            trigger.error("message", "is declared twice: list every sender in one message trigger's 'from'");
            return;
        }
        if (value.isNull()) {
            triggers.add(new TriggerSpec.Message(List.of()));
            return;
        }
        Fields message = trigger.block("message", MESSAGE_FIELDS);
        if (message == null) {
            return;
        }
        JsonNode from = message.list("from", "must be a list of process names, '*' matching any characters");
        List<String> senders = new ArrayList<>();
        if (from != null) {
            for (int i = 0; i < from.size(); i++) {
                String glob = from.get(i).asText("");
                if (!from.get(i).isTextual() || !SENDER_GLOB.matcher(glob).matches()) {
                    message.error("from[" + i + "]", "must be a process name (a-z, 0-9, '-'), '*' matching any characters");
                } else {
                    senders.add(glob);
                }
            }
        }
        triggers.add(new TriggerSpec.Message(List.copyOf(senders)));
    }
}
