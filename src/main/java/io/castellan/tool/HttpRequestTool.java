package io.castellan.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.manifest.HostPolicy;
import io.castellan.platform.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code http_request {method, url, headers, body, timeout_ms}}: only to hosts the manifest allows,
 * never following redirects (they could leave the allowed hosts), with an {@code Idempotency-Key}
 * that is the same on every attempt at the step.
 */
@ApplicationScoped
public class HttpRequestTool implements Tool {

    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    private static final int DEFAULT_TIMEOUT_MS = 10_000;
    private static final int MAX_TIMEOUT_MS = 120_000;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @Override
    public String name() {
        return "http_request";
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Sends an HTTP request to a host this agent may reach and returns the status, headers and body (first 64 KiB).")
                .parameters(JsonObjectSchema.builder()
                        .addEnumProperty("method", List.copyOf(new TreeSet<>(METHODS)), "HTTP method; GET when absent")
                        .addStringProperty("url", "absolute http:// or https:// URL")
                        .addProperty("headers", JsonObjectSchema.builder().description("request headers, name to value").build())
                        .addProperty("body", ToolSchemas.anyValue("request body: text, or JSON sent as application/json"))
                        .addIntegerProperty("timeout_ms", "answer timeout in milliseconds, at most " + MAX_TIMEOUT_MS)
                        .required("url")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        String method = args.path("method").asText("GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new ToolException("method must be one of " + METHODS);
        }
        URI uri = uri(args.path("url").asText(""));
        if (!HostPolicy.allows(context.networkAllow(), uri.getHost())) {
            throw new ToolException("host '" + uri.getHost() + "' is not in this process's network.allow");
        }
        int timeout = args.path("timeout_ms").asInt(DEFAULT_TIMEOUT_MS);
        if (timeout < 1 || timeout > MAX_TIMEOUT_MS) {
            throw new ToolException("timeout_ms must be from 1 to " + MAX_TIMEOUT_MS);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(timeout))
                .method(method, body(args.get("body")));
        args.path("headers").fields().forEachRemaining(h -> request.header(h.getKey(), h.getValue().asText()));
        request.setHeader("Idempotency-Key", context.idempotencyKey());
        try {
            return result(client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (HttpTimeoutException e) {
            throw new ToolException("no answer from " + uri.getHost() + " within " + timeout + " ms");
        } catch (IOException | IllegalArgumentException e) {
            throw new ToolException("request to " + uri.getHost() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("request to " + uri.getHost() + " was interrupted");
        }
    }

    private static URI uri(String url) {
        try {
            URI uri = URI.create(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ToolException("url must be an absolute http or https URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ToolException("url is not a valid URL: " + e.getMessage());
        }
    }

    private static HttpRequest.BodyPublisher body(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return HttpRequest.BodyPublishers.noBody();
        }
        return HttpRequest.BodyPublishers.ofString(body.isTextual() ? body.asText() : body.toString());
    }

    private static ObjectNode result(HttpResponse<InputStream> response) throws IOException {
        byte[] bytes;
        boolean truncated;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(MAX_BODY_BYTES);
            truncated = in.read() != -1;
        }
        ObjectNode result = Json.object().put("status", response.statusCode());
        ObjectNode headers = result.putObject("headers");
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                headers.put(name, String.join(", ", values));
            }
        });
        result.put("body", new String(bytes, StandardCharsets.UTF_8));
        if (truncated) {
            result.put("truncated", true);
        }
        return result;
    }
}
