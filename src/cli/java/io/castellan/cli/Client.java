package io.castellan.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/** Castellan's REST API over the JDK's HTTP client, with the token as a bearer token. */
final class Client {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Thrown when the server cannot be reached at all. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One Server-Sent Event: its id and its JSON data. */
    record Event(String type, String id, JsonNode data) {
    }

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Client(String url, String token) {
        this.base = url.replaceAll("/+$", "") + "/api/v1/";
        this.token = token;
    }

    /** A query parameter's value, encoded. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String path(String... segments) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            if (path.length() > 0) {
                path.append('/');
            }
            path.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path.toString();
    }

    JsonNode get(String path) {
        return send("GET", path, null, null);
    }

    JsonNode post(String path, String body, String contentType) {
        return send("POST", path, body, contentType);
    }

    JsonNode postJson(String path, JsonNode body) {
        return send("POST", path, body == null ? null : write(body), "application/json");
    }

    JsonNode putJson(String path, JsonNode body) {
        return send("PUT", path, write(body), "application/json");
    }

    JsonNode put(String path, String body, String contentType) {
        return send("PUT", path, body, contentType);
    }

    /** The body of an answer, null for 204; a ServerProblem for any answer that is not 2xx. */
    JsonNode send(String method, String path, String body, String contentType, String... headers) {
        HttpRequest.Builder request = request(path).timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = response.body() == null || response.body().isBlank() ? null : read(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new ServerProblem(response.statusCode(), parsed);
        }
        return parsed;
    }

    /**
     * Reads a Server-Sent Events stream until the server ends it, passing each event on; returns
     * normally when the connection closes, so the caller can reconnect from the last id.
     */
    void stream(String path, String lastEventId, Consumer<Event> onEvent) {
        HttpRequest.Builder request = request(path).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<java.io.InputStream> response = exchange(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() / 100 != 2) {
                String text = lines.lines().reduce("", String::concat);
                throw new ServerProblem(response.statusCode(), text.isBlank() ? null : read(text));
            }
            String type = "message";
            String id = null;
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        onEvent.accept(new Event(type, id, read(data.toString())));
                    }
                    type = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).stripLeading());
                }
            }
        } catch (IOException e) {
            // the connection dropped: the caller reconnects
        }
    }

    private HttpRequest.Builder request(String path) {
        // the client names itself, so a decision it sends is journaled as taken "via cli"
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).header("X-Castellan-Client", "cli");
    }

    /** Why a connection failed, in words: the JDK's exceptions often carry no message of their own. */
    private static String why(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "nothing answered there: is the server running, on that port?";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "its host name does not resolve";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "it did not answer in time";
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? "the connection failed" : e.getMessage();
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new Unreachable("cannot reach Castellan at " + base + " (" + why(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted", e);
        }
    }

    static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode().put("detail", text);
        }
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
