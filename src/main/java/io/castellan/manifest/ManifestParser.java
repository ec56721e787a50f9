package io.castellan.manifest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.castellan.manifest.Manifest.RestartPolicy;
import io.castellan.platform.FieldError;
import io.castellan.platform.JsonProblems;
import io.castellan.platform.ProblemException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Parses a YAML or JSON manifest and reports every invalid field before anything is stored. */
public class ManifestParser {

    public static final Set<String> BUILT_IN_TOOLS = Set.of("http_request", "state_get", "state_set", "wait", "publish_event", "send_message", "ask_agent",
            "request_approval", "memory_store", "memory_search", "memory_manage");
    private static final Set<String> FIELDS = Set.of("name", "description", "model", "instructions", "script", "tools",
            "network", "triggers", "restart_policy", "max_consecutive_failures", "max_steps", "start", "model_options", "context",
            "on_busy", "on_tool_error", "max_restarts", "restart_backoff", "checkpoint_every", "mcp_servers", "budget", "health", "secrets", "mission", "approval",
            "retention", "workspace", "memory", "http_tools", "open_mode", "hooks", "prompt_builder", "protocol",
            "telemetry", "expose");
    private static final Set<String> PROVIDERS = Set.of("openai", "anthropic", "ollama");
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,63}");
    static final Pattern HOST = Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9a-fA-F:]+]");
    /** YAML 1.2 forbids a key twice in one mapping; Jackson would keep the last one unless told. */
    private static final ObjectMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** Reads manifests stored before that rule as they were accepted (the last of two keys wins). */
    private static final ObjectMapper STORED_YAML = new YAMLMapper();

    private final UnaryOperator<String> environment;
    private final boolean deploy;
    private final List<java.nio.file.Path> watchRoots;
    private final ExtensionNames extensions;

    /** @param environment looks up environment variables (referenced as {@code ${NAME}}) */
    public ManifestParser(UnaryOperator<String> environment) {
        this(environment, List.of());
    }

    /** @param watchRoots the directories files triggers may watch (the server's {@code castellan.watch.roots}) */
    public ManifestParser(UnaryOperator<String> environment, List<java.nio.file.Path> watchRoots) {
        this(environment, true, watchRoots);
    }

    private ManifestParser(UnaryOperator<String> environment, boolean deploy, List<java.nio.file.Path> watchRoots) {
        this(environment, deploy, watchRoots, ExtensionNames.NONE);
    }

    private ManifestParser(UnaryOperator<String> environment, boolean deploy, List<java.nio.file.Path> watchRoots, ExtensionNames extensions) {
        this.environment = environment;
        this.deploy = deploy;
        this.watchRoots = watchRoots;
        this.extensions = extensions;
    }

    /** The same parser, knowing the tools, hooks and prompt builders this server's extensions add. */
    public ManifestParser withExtensions(ExtensionNames names) {
        return new ManifestParser(environment, deploy, watchRoots, names);
    }

    /**
     * For versions already stored: the rules added since a version was accepted (duplicate keys,
     * templates compiled at deploy, MCP servers held to network.allow) are checked when a manifest
     * is deployed, never when a stored one is read, so an upgrade cannot strand a process. What
     * those rules guard against is still refused where it would run.
     */
    public static ManifestParser forStored() {
        return new ManifestParser(variable -> "", false, null);
    }

    public static ManifestParser withSystemEnvironment() {
        return new ManifestParser(System::getenv, WatchRoots.configured());
    }

    /** YAML is a superset of JSON, so one parser reads both. */
    public Manifest parse(String text) {
        JsonNode root;
        try {
            root = deploy ? oneDocument(text == null ? "" : text) : STORED_YAML.readTree(text == null ? "" : text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ProblemException(400, "Malformed manifest", "The manifest is not valid YAML or JSON" + where + ": " + JsonProblems.inWords(e));
        }
        if (root == null || !root.isObject()) {
            throw ProblemException.invalid("manifest", "must be a YAML or JSON object");
        }
        return new Validation(root).run();
    }

    /**
     * The manifest's one YAML document: a second (after {@code ---}) was dropped without a word, so
     * a file of two manifests deployed the first alone. Stored manifests are read as they were
     * deployed, before this rule.
     */
    private static JsonNode oneDocument(String text) throws JacksonException {
        try (JsonParser documents = YAML.createParser(text)) {
            JsonNode root = YAML.readTree(documents);
            if (documents.nextToken() != null) {
                throw ProblemException.invalid("manifest", "must be one YAML document: a second one's content begins at line "
                        + documents.currentTokenLocation().getLineNr() + " (deploy each manifest on its own)");
            }
            return root;
        } catch (JacksonException e) {
            throw e;
        } catch (java.io.IOException e) {
            // a text in memory: only its closing could throw this
            throw new java.io.UncheckedIOException(e);
        }
    }

    private final class Validation {
        private final JsonNode root;
        private final List<FieldError> errors = new ArrayList<>();
        private final Fields top;

        Validation(JsonNode root) {
            this.root = root;
            this.top = new Fields(root, "", errors, environment);
        }

        Manifest run() {
            root.fieldNames().forEachRemaining(f -> {
                if (!FIELDS.contains(f)) {
                    errors.add(new FieldError(f, "is not a manifest field"));
                }
            });
            String name = top.text("name", true);
            if (name != null && !NAME.matcher(name).matches()) {
                top.error("name", "must be 1-63 characters of a-z, 0-9 and '-'");
            }
            String model = model();
            java.util.Map<String, SecretSpec> secrets = SecretsBlock.read(top);
            WorkspaceSpec workspace = WorkspaceBlock.read(top, secrets);
            OpenModeSpec openMode = OpenModeBlock.read(top);
            List<String> tools = ToolsBlock.read(top, workspace != null, openMode, extensions, deploy);
            List<McpServerSpec> mcpServers = McpServersBlock.read(top);
            List<String> allow = networkAllow();
            if (deploy) {
                McpServersBlock.hostsAllowed(top, mcpServers, allow);
                OpenModeBlock.mcpHostsAllowed(top, openMode, allow);
            }
            List<HttpToolSpec> httpTools = HttpToolsBlock.read(top, tools, allow, deploy);
            List<ScriptEntry> script = script(model, tools, mcpServers, httpTools, openMode);
            Budget budget = BudgetBlock.read(top);
            Manifest manifest = new Manifest(name, top.text("description", false), model, ModelOptionsBlock.read(top, model, environment), context(),
                    top.text("instructions", false), script, tools, mcpServers, allow, TriggersBlock.read(top, deploy ? watchRoots : null),
                    top.choice("restart_policy", RestartPolicy.class, RestartPolicy.ON_FAILURE),
                    top.integer("max_restarts", 5, 1, 1000), top.duration("restart_backoff", Duration.ofSeconds(10)),
                    top.choice("on_busy", Manifest.OnBusy.class, Manifest.OnBusy.QUEUE),
                    top.choice("on_tool_error", Manifest.OnToolError.class, Manifest.OnToolError.CONTINUE),
                    top.integer("max_consecutive_failures", 3, 1, 1000),
                    top.integer("max_steps", 25, 1, 1000), top.integer("checkpoint_every", 10, 1, 1000), top.bool("start", true),
                    budget, HealthBlock.read(top, budget), secrets, MissionBlock.read(top, model, budget),
                    OpenModeBlock.gated(ApprovalBlock.read(top, tools, !mcpServers.isEmpty()), openMode), RetentionBlock.read(top), workspace,
                    MemoryBlock.read(top, allow, deploy), httpTools, openMode, ExtensionsBlock.hooks(top, extensions, deploy),
                    ExtensionsBlock.promptBuilder(top, extensions, deploy), top.choice("protocol", Manifest.Protocol.class, Manifest.Protocol.TOOL_LOOP),
                    TelemetrySpec.read(top), ExposeSpec.read(top, deploy));
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
            return manifest;
        }

        private String model() {
            String model = top.text("model", true);
            if (model == null || model.equals("scripted")) {
                return model;
            }
            int colon = model.indexOf(':');
            String provider = colon > 0 ? model.substring(0, colon) : model;
            if (!PROVIDERS.contains(provider) || colon <= 0 || colon == model.length() - 1) {
                top.error("model", "must be scripted, openai:<model>, anthropic:<model> or ollama:<model>");
            }
            return model;
        }

        private List<ScriptEntry> script(String model, List<String> tools, List<McpServerSpec> mcpServers, List<HttpToolSpec> httpTools,
                OpenModeSpec openMode) {
            // a process that may create tools may script calls of tools it has not created yet (until then: a tool error)
            boolean mayCreate = openMode != null && (openMode.has("create_tool") || openMode.has("connect_mcp"));
            List<ScriptEntry> script = new ArrayList<>();
            JsonNode node = root.get("script");
            if (!"scripted".equals(model)) {
                return script;
            }
            if (node == null || !node.isArray() || node.isEmpty()) {
                top.error("script", "is required for the scripted model: a list of {tool, args} or {reply} entries");
                return script;
            }
            for (int i = 0; i < node.size(); i++) {
                String at = "script[" + i + "]";
                JsonNode entry = node.get(i);
                boolean hasTool = entry.has("tool");
                boolean hasReply = entry.has("reply");
                if (!entry.isObject() || hasTool == hasReply) {
                    top.error(at, "must have exactly one of 'tool' or 'reply'");
                } else if (hasReply) {
                    if (deploy) {
                        TemplateCheck.check(at + ".reply", entry.get("reply"), top::error);
                    }
                    script.add(new ScriptEntry(null, null, entry.get("reply").asText()));
                } else {
                    String tool = entry.get("tool").asText();
                    JsonNode args = entry.get("args");
                    boolean fromMcp = mcpServers.stream().anyMatch(m -> tool.startsWith(m.name() + McpServerSpec.SEPARATOR));
                    if (!tools.contains(tool) && !fromMcp && !mayCreate && httpTools.stream().noneMatch(h -> h.name().equals(tool))) {
                        top.error(at + ".tool", "'" + tool + "' is not in this manifest's tools or MCP servers");
                    }
                    if (args != null && !args.isObject()) {
                        top.error(at + ".args", "must be an object");
                    }
                    if (deploy) {
                        TemplateCheck.check(at + ".args", args, top::error);
                    }
                    script.add(new ScriptEntry(tool, args == null ? YAML.createObjectNode() : args, null));
                }
            }
            return script;
        }

        private ContextOptions context() {
            if (!top.has("context")) {
                return ContextOptions.defaults();
            }
            Fields context = top.block("context", Set.of("max_tokens", "compaction"));
            if (context == null) {
                return ContextOptions.defaults();
            }
            int maxTokens = context.integer("max_tokens", 0, 256, 10_000_000);
            return new ContextOptions(maxTokens, context.choice("compaction", ContextOptions.Compaction.class, ContextOptions.Compaction.SUMMARIZE));
        }

        private List<String> networkAllow() {
            List<String> hosts = new ArrayList<>();
            JsonNode network = top.get("network");
            if (network == null) {
                return hosts;
            }
            JsonNode allow = network.get("allow");
            if (!network.isObject() || (allow != null && !allow.isArray())) {
                top.error("network.allow", "must be a list of host names");
                return hosts;
            }
            for (int i = 0; allow != null && i < allow.size(); i++) {
                String host = allow.get(i).asText();
                if (!HOST.matcher(host).matches()) {
                    top.error("network.allow[" + i + "]", "must be a host name, '*.domain' or an IP address, without scheme, port or path");
                } else {
                    hosts.add(host.toLowerCase(Locale.ROOT));
                }
            }
            return hosts;
        }
    }
}
