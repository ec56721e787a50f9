package io.castellan.bench;

import io.castellan.it.Castellan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The benchmarks' HTTP client for the requests they make by the thousand: the JDK's blocking
 * {@link HttpURLConnection}, as admin, each client thread on a kept-alive connection of its own.
 * The client shares the server's two cores: RestAssured spent ~10 ms of CPU per request, the JDK's
 * asynchronous {@code java.net.http} client 0.35 ms once warm, this one 0.25 ms (docs/performance.md,
 * session 37).
 */
final class LeanClient {

    static {
        // the JDK keeps 5 idle connections per host unless told: the benchmarks send from 16 threads or more
        System.setProperty("http.maxConnections", "256");
    }

    private LeanClient() {
    }

    /** POSTs JSON to an API path ({@code /processes/x/invocations}) and returns the response; throws unless the status is {@code expected}. */
    static String post(String apiPath, String json, int expected) {
        try {
            HttpURLConnection c = open(apiPath);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
            c.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            return answer(c, expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GETs an API path and returns the body; throws unless the status is 200. */
    static String get(String apiPath) {
        try {
            return answer(open(apiPath), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpURLConnection open(String apiPath) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(Castellan.baseUrl() + "/api/v1" + apiPath).toURL().openConnection();
        c.setRequestProperty("Authorization", "Bearer " + Castellan.ADMIN_TOKEN);
        return c;
    }

    /** Reads the whole answer, so the connection goes back to the JDK's keep-alive cache. */
    private static String answer(HttpURLConnection c, int expected) throws IOException {
        int status = c.getResponseCode();
        String body;
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (status != expected) {
            throw new IllegalStateException("HTTP " + status + " (expected " + expected + "): " + body);
        }
        return body;
    }
}
