package io.castellan.bench;

import io.castellan.it.Castellan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The benchmarks' HTTP client for the requests they make by the thousand: the JDK's, as admin.
 * RestAssured spent ~10 ms of CPU per request on the two cores the server needs too (the JDK's
 * client ~2.7 ms), which measured the client as much as the server.
 */
final class LeanClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private LeanClient() {
    }

    /** POSTs JSON to an API path ({@code /processes/x/invocations}) and returns the response; throws unless the status is {@code expected}. */
    static String post(String apiPath, String json, int expected) {
        return send(request(apiPath).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)), expected);
    }

    /** GETs an API path and returns the body; throws unless the status is 200. */
    static String get(String apiPath) {
        return send(request(apiPath).GET(), 200);
    }

    private static HttpRequest.Builder request(String apiPath) {
        return HttpRequest.newBuilder(URI.create(Castellan.baseUrl() + "/api/v1" + apiPath))
                .header("Authorization", "Bearer " + Castellan.ADMIN_TOKEN);
    }

    private static String send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " (expected " + expected + "): " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
