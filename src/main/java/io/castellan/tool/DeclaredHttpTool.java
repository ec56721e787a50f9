package io.castellan.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.manifest.HttpToolSpec;
import io.castellan.platform.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A manifest's declarative HTTP tool ({@code http_tools}): its URL template filled with the
 * model's arguments (each URL-encoded), the other arguments sent as a JSON body for POST, PUT and
 * PATCH, through {@code http_request}'s client under the process's {@code network.allow}.
 */
final class DeclaredHttpTool implements Tool {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final List<String> WITH_BODY = List.of("POST", "PUT", "PATCH");

    private final HttpToolSpec spec;
    private final HttpRequestTool http;
    private final ToolSpecification specification;

    DeclaredHttpTool(HttpToolSpec spec, HttpRequestTool http) {
        this.spec = spec;
        this.http = http;
        JsonObjectSchema.Builder parameters = JsonObjectSchema.builder();
        for (HttpToolSpec.Param p : spec.params()) {
            String description = p.description() == null ? p.name() : p.description();
            switch (p.type()) {
                case "integer" -> parameters.addIntegerProperty(p.name(), description);
                case "number" -> parameters.addNumberProperty(p.name(), description);
                case "boolean" -> parameters.addBooleanProperty(p.name(), description);
                default -> parameters.addStringProperty(p.name(), description);
            }
        }
        parameters.required(spec.params().stream().filter(HttpToolSpec.Param::required).map(HttpToolSpec.Param::name).toList());
        this.specification = ToolSpecification.builder().name(spec.name()).description(spec.description()).parameters(parameters.build()).build();
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public ToolSpecification specification() {
        return specification;
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        ObjectNode rest = args.isObject() ? ((ObjectNode) args).deepCopy() : Json.object();
        Matcher placeholders = PLACEHOLDER.matcher(spec.url());
        StringBuilder url = new StringBuilder();
        while (placeholders.find()) {
            JsonNode value = rest.remove(placeholders.group(1));
            if (value == null || value.isNull()) {
                throw new ToolException(placeholders.group(1) + " is required: the URL names it");
            }
            placeholders.appendReplacement(url, Matcher.quoteReplacement(URLEncoder.encode(value.asText(), StandardCharsets.UTF_8).replace("+", "%20")));
        }
        placeholders.appendTail(url);
        ObjectNode request = Json.object().put("method", spec.method()).put("url", url.toString());
        if (WITH_BODY.contains(spec.method())) {
            request.set("body", rest);
            request.putObject("headers").put("Content-Type", "application/json");
        }
        return http.execute(context, request);
    }
}
