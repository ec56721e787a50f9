package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A Server-Sent Events client for tests: opens a stream of the API and collects its events as they arrive. */
final class EventStream implements AutoCloseable {

    /** One event as received: its id, name and data. */
    record Event(String id, String name, JsonPath data) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Stream<String> lines;
    private final List<Event> events = new CopyOnWriteArrayList<>();

    private EventStream(Stream<String> lines) {
        this.lines = lines;
    }

    /** @param lastEventId sent as {@code Last-Event-ID}; null for none */
    static EventStream open(String apiPath, String lastEventId) throws Exception {
        return open(Castellan.baseUrl(), Castellan.ADMIN_TOKEN, apiPath, lastEventId);
    }

    /** A stream of another server than the test server, with its token. */
    static EventStream open(String baseUrl, String token, String apiPath, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1" + apiPath))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        EventStream stream = new EventStream(response.body());
        Thread reader = new Thread(stream::read, "sse " + apiPath);
        reader.setDaemon(true);
        reader.start();
        return stream;
    }

    private void read() {
        String id = null;
        String name = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(id, name, JsonPath.from(data.toString())));
                    }
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        } catch (RuntimeException closed) {
            // the test closed the stream
        }
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        lines.close();
    }
}
