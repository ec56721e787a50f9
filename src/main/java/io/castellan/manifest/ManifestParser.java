package io.castellan.manifest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.castellan.manifest.Manifest.RestartPolicy;
import io.castellan.platform.FieldError;
import io.castellan.platform.ProblemException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses a YAML or JSON manifest and reports every invalid field before anything is stored. */
public class ManifestParser {

    public static final Set<String> BUILT_IN_TOOLS = Set.of("http_request", "state_get", "state_set");
    private static final Set<String> FIELDS = Set.of("name", "description", "model", "instructions", "script", "tools",
            "network", "triggers", "restart_policy", "max_consecutive_failures", "max_steps", "start", "model_options", "context",
            "on_busy", "max_restarts", "restart_backoff", "checkpoint_every", "mcp_servers");
    private static final Set<String> MODEL_OPTION_FIELDS = Set.of("base_url", "api_key", "temperature", "max_output_tokens", "timeout",
            "max_retries", "prices");
    private static final Set<String> PRICE_FIELDS = Set.of("input", "output", "cached_input", "cache_write");
    private static final Pattern MCP_NAME = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,7})(ms|s|m|h)");
    private static final Set<String> PROVIDERS = Set.of("openai", "anthropic", "ollama");
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,63}");
    private static final Pattern WEBHOOK_PATH = Pattern.compile("/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern HOST = Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9a-fA-F:]+]");
    private static final ObjectMapper YAML = new YAMLMapper();

    private final UnaryOperator<String> environment;

    /** @param environment looks up environment variables (referenced as {@code ${NAME}}) */
    public ManifestParser(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    public static ManifestParser withSystemEnvironment() {
        return new ManifestParser(System::getenv);
    }

    /** YAML is a superset of JSON, so one parser reads both. */
    public Manifest parse(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text == null ? "" : text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ProblemException(400, "Malformed manifest", "The manifest is not valid YAML or JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw ProblemException.invalid("manifest", "must be a YAML or JSON object");
        }
        return new Validation(root).run();
    }

    private final class Validation {
        private final JsonNode root;
        private final List<FieldError> errors = new ArrayList<>();

        Validation(JsonNode root) {
            this.root = root;
        }

        Manifest run() {
            root.fieldNames().forEachRemaining(f -> {
                if (!FIELDS.contains(f)) {
                    errors.add(new FieldError(f, "is not a manifest field"));
                }
            });
            String name = text("name", true);
            if (name != null && !NAME.matcher(name).matches()) {
                errors.add(new FieldError("name", "must be 1-63 characters of a-z, 0-9 and '-'"));
            }
            String model = model();
            List<String> tools = tools();
            List<McpServerSpec> mcpServers = mcpServers();
            List<ScriptEntry> script = script(model, tools, mcpServers);
            Manifest manifest = new Manifest(name, text("description", false), model, modelOptions(model), context(),
                    text("instructions", false), script, tools, mcpServers, networkAllow(), triggers(), choice("restart_policy", RestartPolicy.class, RestartPolicy.ON_FAILURE),
                    integer("max_restarts", 5, 1, 1000), duration("restart_backoff", root.get("restart_backoff"), Duration.ofSeconds(10)),
                    choice("on_busy", Manifest.OnBusy.class, Manifest.OnBusy.QUEUE),
                    integer("max_consecutive_failures", 3, 1, 1000),
                    integer("max_steps", 25, 1, 1000), integer("checkpoint_every", 10, 1, 1000), bool("start", true));
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
            return manifest;
        }

        private String model() {
            String model = text("model", true);
            if (model == null || model.equals("scripted")) {
                return model;
            }
            int colon = model.indexOf(':');
            String provider = colon > 0 ? model.substring(0, colon) : model;
            if (!PROVIDERS.contains(provider) || colon <= 0 || colon == model.length() - 1) {
                errors.add(new FieldError("model", "must be scripted, openai:<model>, anthropic:<model> or ollama:<model>"));
            }
            return model;
        }

        private List<String> tools() {
            List<String> tools = new ArrayList<>();
            JsonNode node = root.get("tools");
            if (node == null || node.isNull()) {
                return tools;
            }
            if (!node.isArray()) {
                errors.add(new FieldError("tools", "must be a list of tool names"));
                return tools;
            }
            for (int i = 0; i < node.size(); i++) {
                String tool = node.get(i).isTextual() ? node.get(i).asText() : null;
                if (tool == null || !BUILT_IN_TOOLS.contains(tool)) {
                    errors.add(new FieldError("tools[" + i + "]", "must be one of " + String.join(", ", BUILT_IN_TOOLS.stream().sorted().toList())));
                } else {
                    tools.add(tool);
                }
            }
            return tools;
        }

        private List<ScriptEntry> script(String model, List<String> tools, List<McpServerSpec> mcpServers) {
            List<ScriptEntry> script = new ArrayList<>();
            JsonNode node = root.get("script");
            if (!"scripted".equals(model)) {
                return script;
            }
            if (node == null || !node.isArray() || node.isEmpty()) {
                errors.add(new FieldError("script", "is required for the scripted model: a list of {tool, args} or {reply} entries"));
                return script;
            }
            for (int i = 0; i < node.size(); i++) {
                String at = "script[" + i + "]";
                JsonNode entry = node.get(i);
                boolean hasTool = entry.has("tool");
                boolean hasReply = entry.has("reply");
                if (!entry.isObject() || hasTool == hasReply) {
                    errors.add(new FieldError(at, "must have exactly one of 'tool' or 'reply'"));
                } else if (hasReply) {
                    script.add(new ScriptEntry(null, null, entry.get("reply").asText()));
                } else {
                    String tool = entry.get("tool").asText();
                    JsonNode args = entry.get("args");
                    boolean fromMcp = mcpServers.stream().anyMatch(m -> tool.startsWith(m.name() + McpServerSpec.SEPARATOR));
                    if (!tools.contains(tool) && !fromMcp) {
                        errors.add(new FieldError(at + ".tool", "'" + tool + "' is not in this manifest's tools or MCP servers"));
                    }
                    if (args != null && !args.isObject()) {
                        errors.add(new FieldError(at + ".args", "must be an object"));
                    }
                    script.add(new ScriptEntry(tool, args == null ? YAML.createObjectNode() : args, null));
                }
            }
            return script;
        }

        private ModelOptions modelOptions(String model) {
            JsonNode node = root.get("model_options");
            String provider = model == null ? "" : model.substring(0, Math.max(model.indexOf(':'), 0));
            if (node == null || node.isNull()) {
                requireServerKey(provider, null);
                return ModelOptions.defaults();
            }
            if (!node.isObject()) {
                errors.add(new FieldError("model_options", "must be an object"));
                return ModelOptions.defaults();
            }
            node.fieldNames().forEachRemaining(f -> {
                if (!MODEL_OPTION_FIELDS.contains(f)) {
                    errors.add(new FieldError("model_options." + f, "is not a model option"));
                }
            });
            String baseUrl = url("model_options.base_url", node.get("base_url"));
            String keyVariable = null;
            JsonNode key = node.get("api_key");
            if (key != null && !key.isNull()) {
                Matcher reference = ENV_REFERENCE.matcher(key.asText(""));
                if (!key.isTextual() || !reference.matches()) {
                    errors.add(new FieldError("model_options.api_key", "must name an environment variable as ${NAME}, so the key is never stored"));
                } else if (environment.apply(reference.group(1)) == null) {
                    errors.add(new FieldError("model_options.api_key", "environment variable " + reference.group(1) + " is not set on the server"));
                } else {
                    keyVariable = reference.group(1);
                }
            } else {
                requireServerKey(provider, baseUrl);
            }
            Double temperature = null;
            JsonNode t = node.get("temperature");
            if (t != null && !t.isNull()) {
                if (!t.isNumber() || t.asDouble() < 0 || t.asDouble() > 2) {
                    errors.add(new FieldError("model_options.temperature", "must be a number from 0 to 2"));
                } else {
                    temperature = t.asDouble();
                }
            }
            Integer maxOutput = node.has("max_output_tokens") ? integer(node, "model_options.max_output_tokens", "max_output_tokens", 1024, 1, 1_000_000) : null;
            Duration timeout = duration("model_options.timeout", node.get("timeout"), ModelOptions.DEFAULT_TIMEOUT);
            int retries = integer(node, "model_options.max_retries", "max_retries", ModelOptions.DEFAULT_MAX_RETRIES, 0, 10);
            return new ModelOptions(baseUrl, keyVariable, temperature, maxOutput, timeout, retries, price(node.get("prices")));
        }

        /** OpenAI and Anthropic need a key: the manifest's, or the server's; a custom base URL may not. */
        private void requireServerKey(String provider, String baseUrl) {
            String variable = switch (provider) {
                case "openai" -> "OPENAI_API_KEY";
                case "anthropic" -> "ANTHROPIC_API_KEY";
                default -> null;
            };
            if (variable != null && baseUrl == null && environment.apply(variable) == null) {
                errors.add(new FieldError("model_options.api_key", "is required: set it as ${NAME} or set " + variable + " on the server"));
            }
        }

        private ModelOptions.Price price(JsonNode node) {
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isObject() || !node.has("input") || !node.has("output")) {
                errors.add(new FieldError("model_options.prices", "must be an object with input and output (USD per million tokens), optionally cached_input and cache_write"));
                return null;
            }
            List<BigDecimal> values = new ArrayList<>();
            for (String field : List.of("input", "output", "cached_input", "cache_write")) {
                JsonNode value = node.get(field);
                if (value != null && (!value.isNumber() || value.decimalValue().signum() < 0)) {
                    errors.add(new FieldError("model_options.prices." + field, "must be a number of US dollars per million tokens, 0 or more"));
                }
                values.add(value == null || !value.isNumber() ? null : value.decimalValue());
            }
            node.fieldNames().forEachRemaining(f -> {
                if (!PRICE_FIELDS.contains(f)) {
                    errors.add(new FieldError("model_options.prices." + f, "is not a price field (input, output, cached_input, cache_write)"));
                }
            });
            BigDecimal input = values.get(0);
            return new ModelOptions.Price(input, values.get(2) == null ? input : values.get(2), values.get(3) == null ? input : values.get(3), values.get(1));
        }

        private ContextOptions context() {
            JsonNode node = root.get("context");
            if (node == null || node.isNull()) {
                return ContextOptions.defaults();
            }
            if (!node.isObject()) {
                errors.add(new FieldError("context", "must be an object with max_tokens and compaction"));
                return ContextOptions.defaults();
            }
            node.fieldNames().forEachRemaining(f -> {
                if (!f.equals("max_tokens") && !f.equals("compaction")) {
                    errors.add(new FieldError("context." + f, "is not a context field (max_tokens, compaction)"));
                }
            });
            int maxTokens = integer(node, "context.max_tokens", "max_tokens", 0, 256, 10_000_000);
            String compaction = node.path("compaction").asText("summarize");
            try {
                return new ContextOptions(maxTokens, ContextOptions.Compaction.valueOf(compaction.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("context.compaction", "must be summarize or truncate"));
                return new ContextOptions(maxTokens, ContextOptions.Compaction.SUMMARIZE);
            }
        }

        private List<McpServerSpec> mcpServers() {
            List<McpServerSpec> servers = new ArrayList<>();
            JsonNode node = list("mcp_servers", "must be a list of {name, url} or {name, command}");
            if (node == null) {
                return servers;
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                String at = "mcp_servers[" + i + "]";
                JsonNode server = node.get(i);
                String name = server.path("name").asText("");
                if (!MCP_NAME.matcher(name).matches()) {
                    errors.add(new FieldError(at + ".name", "is required: 1-32 characters of a-z, 0-9 and '-'"));
                    continue;
                }
                if (!names.add(name)) {
                    errors.add(new FieldError(at + ".name", "'" + name + "' is declared twice"));
                    continue;
                }
                Duration timeout = duration(at + ".timeout", server.get("timeout"), Duration.ofSeconds(30));
                if (server.has("url") == server.has("command")) {
                    errors.add(new FieldError(at, "must have exactly one of 'url' (streamable HTTP) or 'command' (stdio)"));
                } else if (server.has("url")) {
                    String url = url(at + ".url", server.get("url"));
                    if (url != null) {
                        servers.add(new McpServerSpec(name, url, null, timeout));
                    }
                } else {
                    List<String> command = new ArrayList<>();
                    server.get("command").forEach(part -> command.add(part.asText()));
                    if (!server.get("command").isArray() || command.isEmpty() || command.stream().anyMatch(String::isEmpty)) {
                        errors.add(new FieldError(at + ".command", "must be a non-empty list: the program and its arguments"));
                    } else {
                        servers.add(new McpServerSpec(name, null, List.copyOf(command), timeout));
                    }
                }
            }
            return servers;
        }

        private String url(String field, JsonNode node) {
            if (node == null || node.isNull()) {
                return null;
            }
            try {
                URI uri = new URI(node.asText(""));
                if (node.isTextual() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return node.asText();
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            errors.add(new FieldError(field, "must be an http:// or https:// URL"));
            return null;
        }

        private Duration duration(String field, JsonNode node, Duration fallback) {
            if (node == null || node.isNull()) {
                return fallback;
            }
            Matcher m = DURATION.matcher(node.asText(""));
            if (!node.isTextual() || !m.matches() || Long.parseLong(m.group(1)) == 0) {
                errors.add(new FieldError(field, "must be a duration such as 500ms, 60s, 2m or 1h"));
                return fallback;
            }
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }

        private int integer(JsonNode parent, String field, String name, int fallback, int min, int max) {
            JsonNode node = parent.get(name);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isInt() || node.asInt() < min || node.asInt() > max) {
                errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max));
                return fallback;
            }
            return node.asInt();
        }

        private List<String> networkAllow() {
            List<String> hosts = new ArrayList<>();
            JsonNode network = root.get("network");
            if (network == null || network.isNull()) {
                return hosts;
            }
            JsonNode allow = network.get("allow");
            if (!network.isObject() || (allow != null && !allow.isArray())) {
                errors.add(new FieldError("network.allow", "must be a list of host names"));
                return hosts;
            }
            for (int i = 0; allow != null && i < allow.size(); i++) {
                String host = allow.get(i).asText();
                if (!HOST.matcher(host).matches()) {
                    errors.add(new FieldError("network.allow[" + i + "]", "must be a host name, '*.domain' or an IP address, without scheme, port or path"));
                } else {
                    hosts.add(host.toLowerCase(Locale.ROOT));
                }
            }
            return hosts;
        }

        private List<TriggerSpec> triggers() {
            List<TriggerSpec> triggers = new ArrayList<>();
            JsonNode node = list("triggers", "must be a list");
            if (node == null) {
                return triggers;
            }
            Set<String> paths = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                String at = "triggers[" + i + "]";
                JsonNode t = node.get(i);
                if (t.has("cron") && !t.has("webhook")) {
                    cron(at, t, triggers);
                } else if (t.has("webhook") && !t.has("cron")) {
                    webhook(at, t, paths, triggers);
                } else {
                    errors.add(new FieldError(at, "must have exactly one of 'cron' or 'webhook'"));
                }
            }
            return triggers;
        }

        private void cron(String at, JsonNode t, List<TriggerSpec> triggers) {
            String timezone = t.path("timezone").asText("UTC");
            try {
                ZoneId.of(timezone);
            } catch (DateTimeException e) {
                errors.add(new FieldError(at + ".timezone", "'" + timezone + "' is not a time zone (use a name such as Europe/Berlin)"));
                return;
            }
            try {
                triggers.add(new TriggerSpec.Cron(CronSchedule.parse(t.get("cron").asText(), timezone)));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(at + ".cron", e.getMessage()));
            }
        }

        private void webhook(String at, JsonNode t, Set<String> paths, List<TriggerSpec> triggers) {
            String path = t.get("webhook").asText();
            if (!WEBHOOK_PATH.matcher(path).matches()) {
                errors.add(new FieldError(at + ".webhook", "must be a path such as /alert"));
                return;
            }
            if (!paths.add(path)) {
                errors.add(new FieldError(at + ".webhook", "path " + path + " is declared twice"));
                return;
            }
            Matcher secret = ENV_REFERENCE.matcher(t.path("secret").asText(""));
            if (!secret.matches()) {
                errors.add(new FieldError(at + ".secret", "is required and must name an environment variable as ${NAME}, so the key is never stored"));
            } else if (environment.apply(secret.group(1)) == null) {
                errors.add(new FieldError(at + ".secret", "environment variable " + secret.group(1) + " is not set on the server"));
            } else {
                triggers.add(new TriggerSpec.Webhook(path, secret.group(1)));
            }
        }

        /** A lower-case name of one of the enum's constants, or the fallback when absent. */
        private <E extends Enum<E>> E choice(String field, Class<E> type, E fallback) {
            String value = text(field, false);
            if (value == null) {
                return fallback;
            }
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
                errors.add(new FieldError(field, "must be " + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1)));
                return fallback;
            }
        }

        /** The field's list; null when it is absent, or (recorded as an error) not a list. */
        private JsonNode list(String field, String shape) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isArray()) {
                errors.add(new FieldError(field, shape));
                return null;
            }
            return node;
        }

        private String text(String field, boolean required) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                if (required) {
                    errors.add(new FieldError(field, "is required"));
                }
                return null;
            }
            if (!node.isTextual()) {
                errors.add(new FieldError(field, "must be text"));
                return null;
            }
            return node.asText();
        }

        private int integer(String field, int fallback, int min, int max) {
            return integer(root, field, field, fallback, min, max);
        }

        private boolean bool(String field, boolean fallback) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isBoolean()) {
                errors.add(new FieldError(field, "must be true or false"));
                return fallback;
            }
            return node.asBoolean();
        }
    }
}
