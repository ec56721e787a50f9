package io.castellan.it;

import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The journal as Server-Sent Events: live, and resumed from the last event seen after a reconnect. */
class JournalStreamIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<EventStream> open = new ArrayList<>();

    @AfterEach
    void closeStreams() {
        open.forEach(EventStream::close);
        open.clear();
    }

    private EventStream listen(String process, String lastEventId) throws Exception {
        EventStream stream = EventStream.open("/processes/" + process + "/journal/stream", lastEventId);
        open.add(stream);
        return stream;
    }

    private static long id(EventStream.Event event) {
        return Long.parseLong(event.id());
    }

    private static String agent(String name) {
        return """
                name: %s
                model: scripted
                tools: [state_set]
                script:
                  - {tool: state_set, args: {key: seen, value: "{{trigger.payload.n}}"}}
                  - reply: "done {{trigger.payload.n}}"
                """.formatted(name);
    }

    @Test
    void aLiveStreamShowsAnInvocationAsItRuns() throws Exception {
        String name = uniqueName("stream-live");
        deploy(agent(name));
        EventStream stream = listen(name, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.events().stream().anyMatch(e -> "PROCESS_DEPLOYED".equals(e.data().getString("type"))));

        String id = invoke(name, "{\"n\": 1}");
        awaitEnded(id);

        await().atMost(Duration.ofSeconds(10)).until(() -> stream.events().stream().anyMatch(e -> "INVOCATION_COMPLETED".equals(e.data().getString("type"))));
        List<EventStream.Event> events = stream.events();
        List<String> types = events.stream().filter(e -> id.equals(e.data().getString("invocationId"))).map(e -> e.data().getString("type")).toList();
        assertThat(types).containsSubsequence("INVOCATION_STARTED", "TOOL_RESULT", "MODEL_RESPONSE", "INVOCATION_COMPLETED");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.name()).isEqualTo("journal");
            assertThat(id(e)).isEqualTo(e.data().getLong("seq"));
        });
        assertThat(events.stream().map(JournalStreamIT::id).toList()).as("in order, each once").isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aReconnectWithLastEventIdResumesRightAfterIt() throws Exception {
        String name = uniqueName("stream-resume");
        deploy(agent(name));
        awaitEnded(invoke(name, "{\"n\": 1}"));
        EventStream first = listen(name, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.events().stream().anyMatch(e -> "INVOCATION_COMPLETED".equals(e.data().getString("type"))));
        long seen = id(first.events().get(first.events().size() / 2));
        closeStreams();

        awaitEnded(invoke(name, "{\"n\": 2}"));
        EventStream resumed = listen(name, Long.toString(seen));

        await().atMost(Duration.ofSeconds(10)).until(() -> resumed.events().stream()
                .anyMatch(e -> "INVOCATION_COMPLETED".equals(e.data().getString("type")) && "done 2".equals(e.data().getString("data.reply"))));
        assertThat(id(resumed.events().get(0))).isEqualTo(seen + 1);
        assertThat(resumed.events().stream().map(JournalStreamIT::id).toList()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aStreamNeedsAViewerAndAProcess() throws IOException, InterruptedException {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(Castellan.baseUrl() + "/api/v1/processes/x/journal/stream"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(Castellan.baseUrl() + "/api/v1/processes/no-such-process/journal/stream"))
                .header("Authorization", "Bearer " + Castellan.ADMIN_TOKEN).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void aTailReadIsTheLastEntriesInOrder() {
        String name = uniqueName("journal-tail");
        deploy(agent(name));
        awaitEnded(invoke(name, "{}"));
        List<Integer> all = Castellan.admin().queryParam("limit", 1000).get("/processes/{name}/journal", name).then().statusCode(200)
                .extract().path("items.seq");

        List<Integer> tail = Castellan.admin().queryParam("tail", 3).get("/processes/{name}/journal", name).then().statusCode(200)
                .extract().path("items.seq");
        assertThat(tail).containsExactlyElementsOf(all.subList(all.size() - 3, all.size()));
        Castellan.admin().queryParam("tail", 3).queryParam("after", 1).get("/processes/{name}/journal", name).then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("tail"));
        Castellan.admin().queryParam("tail", 0).get("/processes/{name}/journal", name).then().statusCode(400);
    }
}
