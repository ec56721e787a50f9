package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a manifest's {@code http_tools}: each {@code {name, description, method, url, parameters}},
 * where {@code parameters} is a JSON Schema object whose properties are strings, integers, numbers
 * or booleans, and {@code url} names them as {@code {param}}.
 */
final class HttpToolsBlock {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> FIELDS = Set.of("name", "description", "method", "url", "parameters");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean");

    private HttpToolsBlock() {
    }

    static List<HttpToolSpec> read(Fields manifest, List<String> tools, List<String> networkAllow, boolean deploy) {
        List<HttpToolSpec> specs = new ArrayList<>();
        JsonNode list = manifest.list("http_tools", "must be a list of {name, description, method, url, parameters}");
        for (int i = 0; list != null && i < list.size(); i++) {
            Fields tool = manifest.item("http_tools", i);
            if (!list.get(i).isObject()) {
                manifest.error("http_tools[" + i + "]", "must be an object: {name, description, method, url, parameters}");
                continue;
            }
            tool.onlyKnown(FIELDS);
            String name = tool.text("name", true);
            if (name != null && !NAME.matcher(name).matches()) {
                tool.error("name", "must be 1-64 characters of a-z, 0-9 and '_', starting with a letter");
            } else if (name != null && (tools.contains(name) || ManifestParser.BUILT_IN_TOOLS.contains(name)
                    || specs.stream().anyMatch(s -> s.name().equals(name)))) {
                tool.error("name", "'" + name + "' is taken by another tool");
            }
            String description = tool.text("description", true);
            String method = tool.text("method", false);
            method = method == null ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
            if (!METHODS.contains(method)) {
                tool.error("method", "must be GET, POST, PUT, PATCH or DELETE");
            }
            List<HttpToolSpec.Param> params = params(tool);
            String url = url(tool, params, networkAllow, deploy);
            if (name != null && description != null && url != null) {
                specs.add(new HttpToolSpec(name, description, method, url, params));
            }
        }
        return List.copyOf(specs);
    }

    private static List<HttpToolSpec.Param> params(Fields tool) {
        List<HttpToolSpec.Param> params = new ArrayList<>();
        Fields schema = tool.block("parameters", Set.of("type", "properties", "required"));
        if (schema == null) {
            return params;
        }
        if (schema.has("type") && !"object".equals(schema.get("type").asText())) {
            schema.error("type", "must be object");
        }
        JsonNode required = schema.get("required");
        Fields properties = schema.object("properties", "must be an object of {name: {type, description}}");
        if (properties == null) {
            return params;
        }
        for (String name : properties.names()) {
            Fields property = properties.block(name, Set.of("type", "description"));
            String type = property == null ? null : property.text("type", true);
            if (type != null && !TYPES.contains(type)) {
                property.error("type", "must be string, integer, number or boolean");
            } else if (type != null) {
                boolean needed = required != null && required.isArray()
                        && java.util.stream.StreamSupport.stream(required.spliterator(), false).anyMatch(r -> name.equals(r.asText()));
                params.add(new HttpToolSpec.Param(name, type, property.text("description", false), needed));
            }
        }
        return params;
    }

    /** The template with each placeholder a declared parameter, an http(s) URL once filled, its host in {@code network.allow}. */
    private static String url(Fields tool, List<HttpToolSpec.Param> params, List<String> networkAllow, boolean deploy) {
        String url = tool.text("url", true);
        if (url == null) {
            return null;
        }
        Matcher placeholders = PLACEHOLDER.matcher(url);
        while (placeholders.find()) {
            String param = placeholders.group(1);
            if (params.stream().noneMatch(p -> p.name().equals(param))) {
                tool.error("url", "names {" + param + "}, which is not among its parameters");
                return null;
            }
        }
        try {
            URI filled = new URI(PLACEHOLDER.matcher(url).replaceAll("x"));
            int scheme = url.indexOf("://");
            int path = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
            String authority = scheme < 0 ? url : url.substring(scheme + 3, path < 0 ? url.length() : path);
            if (!("http".equals(filled.getScheme()) || "https".equals(filled.getScheme())) || filled.getHost() == null
                    || authority.contains("{") || authority.contains("?") || authority.contains("@")) {
                tool.error("url", "must be an http:// or https:// URL with a fixed host; {param} may fill its path and query");
                return null;
            }
            if (deploy && !HostPolicy.allows(networkAllow, filled.getHost())) {
                tool.error("url", "host '" + filled.getHost() + "' is not in network.allow");
                return null;
            }
        } catch (URISyntaxException e) {
            tool.error("url", "must be an http:// or https:// URL with a fixed host; {param} may fill its path and query");
            return null;
        }
        return url;
    }
}
