package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Long-term memory: stored by agents and operators, found by meaning, changed, forgotten, recalled, forked. */
class MemoryIT {

    @org.junit.jupiter.api.extension.RegisterExtension
    static final ProviderStub STUB = new ProviderStub();

    static final String OUTAGE = "The deploy to production failed because the database migration timed out";
    static final String CAT = "My cat likes to sleep on the sofa in the afternoon sun";
    static final String INVOICE = "Invoices are sent to customers on the first working day of each month";

    static Map<String, Object> stored(String process, String text, String... tags) {
        return admin().contentType(ContentType.JSON).body(Map.of("text", text, "tags", List.of(tags)))
                .post("/processes/{name}/memories", process).then().statusCode(201).extract().path("");
    }

    static List<Map<String, Object>> search(String process, String query) {
        return admin().queryParam("q", query).get("/processes/{name}/memories", process).then().statusCode(200).extract().path("items");
    }

    @Test
    void memoriesAreFoundByMeaningNotByWords() {
        String name = uniqueName("memory-meaning");
        deploy("name: %s\nmodel: scripted\ntools: [memory_store, memory_search]\nscript:\n  - {reply: ok}\n".formatted(name));
        stored(name, CAT, "home");
        stored(name, OUTAGE, "ops", "incident");
        stored(name, INVOICE, "billing");

        // not one word in common with the outage's text
        List<Map<String, Object>> found = search(name, "release went wrong: the schema upgrade took too long");
        assertThat(found).hasSize(3);
        assertThat(found.get(0)).containsEntry("text", OUTAGE);
        assertThat(((Number) found.get(0).get("score")).doubleValue()).isGreaterThan(((Number) found.get(1).get("score")).doubleValue());
        assertThat(search(name, "a pet napping on the couch").get(0)).containsEntry("text", CAT);

        // tags narrow a search; a listing shows the newest first
        List<Map<String, Object>> billing = admin().queryParam("q", "release went wrong").queryParam("tags", "billing")
                .get("/processes/{name}/memories", name).then().statusCode(200).extract().path("items");
        assertThat(billing).extracting(m -> m.get("text")).containsExactly(INVOICE);
        List<Map<String, Object>> listed = admin().get("/processes/{name}/memories", name).then().statusCode(200).extract().path("items");
        assertThat(listed).extracting(m -> m.get("text")).containsExactly(INVOICE, OUTAGE, CAT);
        assertThat(listed.get(0)).doesNotContainKey("score").containsEntry("source", "api:admin");
        // the embedding model runs on the CPU: its libraries' look for a GPU is no warning for an operator
        assertThat(ServerLogs.messages()).as("messages.log").doesNotContain("Failed to detect GPU count");
    }

    @Test
    void anAgentStoresSearchesUpdatesAndDeletesItsMemoriesWithinOneInvocation() {
        String name = uniqueName("memory-agent");
        deploy("""
                name: %s
                model: scripted
                tools: [memory_store, memory_search, memory_manage]
                script:
                  - {tool: memory_store, args: {text: '{{trigger.payload.text}}', tags: [ops]}}
                  - {tool: memory_search, args: {query: 'why did the release break', limit: 1}}
                  - {tool: memory_manage, args: {id: '{{steps.0.result.id}}', action: update, text: '{{trigger.payload.better}}'}}
                  - {tool: memory_search, args: {query: 'billing customers monthly', limit: 1, tags: [ops]}}
                  - {tool: memory_manage, args: {id: '{{steps.0.result.id}}', action: delete}}
                  - {tool: memory_search, args: {query: 'billing customers monthly'}}
                  - {tool: memory_manage, args: {id: no-such-memory, action: delete}}
                  - {tool: memory_search, args: {query: ' '}}
                  - {tool: memory_store, args: {text: '{{trigger.payload.big}}'}}
                  - {reply: 'done'}
                """.formatted(name));
        String id = invoke(name, "{\"text\": \"" + OUTAGE + "\", \"better\": \"" + INVOICE + "\", \"big\": \"" + "x".repeat(33 * 1024) + "\"}");
        assertThat(awaitEnded(id).getString("reply")).isEqualTo("done");
        Map<Integer, Object> steps = stepOutcomes(name, id);
        @SuppressWarnings("unchecked")
        String memory = ((Map<String, Object>) steps.get(0)).get("id").toString();
        // a search sees what earlier steps of the same invocation stored, changed and deleted
        assertThat(steps.get(1).toString()).contains(memory).contains(OUTAGE);
        assertThat(steps.get(3).toString()).contains(memory).contains(INVOICE).doesNotContain(OUTAGE);
        assertThat(steps.get(5).toString()).doesNotContain(memory);
        // an agent's mistakes are tool errors it reads, and change nothing
        assertThat(steps.get(6).toString()).contains("error").contains("no-such-memory");
        assertThat(steps.get(7).toString()).contains("query is required");
        assertThat(steps.get(8).toString()).contains("at most 32 KiB");

        assertThat(search(name, "billing customers monthly")).isEmpty();
        admin().get("/processes/{name}/memories/{id}", name, memory).then().statusCode(404);
        assertThat(Castellan.journalData(name, "MEMORY_STORED")).singleElement().satisfies(d -> assertThat(d)
                .containsEntry("text", OUTAGE).containsEntry("source", "agent:" + id));
        assertThat(Castellan.journalData(name, "MEMORY_UPDATED")).singleElement().satisfies(d -> assertThat(d).containsEntry("previous", OUTAGE));
        assertThat(Castellan.journalData(name, "MEMORY_DELETED")).singleElement().satisfies(d -> assertThat(d).containsEntry("id", memory));
    }

    /** Each tool step's result (or its error) by step number, from the journal. */
    static Map<Integer, Object> stepOutcomes(String process, String invocation) {
        Map<Integer, Object> outcomes = new java.util.TreeMap<>();
        List<Map<String, Object>> entries = admin().queryParam("limit", 1000).get("/processes/{name}/journal", process).then().statusCode(200)
                .extract().path("items.findAll { it.invocationId == '" + invocation + "' && (it.type == 'TOOL_RESULT' || it.type == 'TOOL_ERROR') }.data");
        for (Map<String, Object> data : entries) {
            outcomes.put((Integer) data.get("step"), data.containsKey("result") ? data.get("result") : Map.of("error", data.get("error")));
        }
        return outcomes;
    }

    @Test
    void aTextWithNothingToEmbedIsAToolErrorTheInvocationGoesOnFrom() {
        String name = uniqueName("memory-nothing");
        deploy("""
                name: %s
                model: scripted
                tools: [memory_store, memory_search]
                script:
                  - {tool: memory_store, args: {text: '{{trigger.payload.t}}'}}
                  - {tool: memory_search, args: {query: '{{trigger.payload.t}}'}}
                  - {reply: ok}
                """.formatted(name));
        // a zero-width space and an accent alone: the model refused them, and the invocation stopped at the step
        // and was resumed until it ended FAILED as a poison trigger
        String id = invoke(name, "{\"t\": \"\\u200b\\u0301\"}");
        io.restassured.path.json.JsonPath ended = awaitEnded(id);
        assertThat(ended.getString("status")).isEqualTo("COMPLETED");
        assertThat(ended.getInt("tool_errors")).isEqualTo(2);
        assertThat(stepOutcomes(name, id).values()).allSatisfy(outcome -> assertThat(outcome.toString()).contains("error"));
    }

    @Test
    void theNearestMemoriesAreRecalledIntoTheFirstPrompt() {
        String name = uniqueName("memory-recall");
        deploy("""
                name: %s
                model: scripted
                memory: {auto_recall: 1}
                script:
                  - {reply: 'recalled:{{#recalled}} {{text}}{{/recalled}}'}
                """.formatted(name));
        stored(name, CAT);
        stored(name, OUTAGE);
        String id = invoke(name, "{\"question\": \"what happened to the database upgrade in the release?\"}");
        assertThat(awaitEnded(id).getString("reply")).isEqualTo("recalled: " + OUTAGE);
        assertThat(Castellan.journalData(name, "MEMORY_RECALLED")).singleElement()
                .satisfies(d -> assertThat((List<?>) d.get("memories")).hasSize(1));
    }

    @Test
    void secretValuesAreRedactedBeforeAMemoryIsStored() {
        String name = uniqueName("memory-secret");
        deploy("name: %s\nmodel: scripted\ntools: [memory_store]\nsecrets:\n  API_TOKEN: {}\nscript:\n  - {reply: ok}\n".formatted(name));
        String canary = "canary-" + UUID.randomUUID();
        SecretsIT.setSecret(name, "API_TOKEN", canary);
        Map<String, Object> memory = stored(name, "the token is " + canary + " for the billing API");
        assertThat((String) memory.get("text")).doesNotContain(canary).contains("[secret:API_TOKEN]");
        assertThat(search(name, "billing API token").get(0).get("text").toString()).doesNotContain(canary);
        assertThat(Castellan.journalData(name, "MEMORY_STORED").toString()).doesNotContain(canary);
    }

    @Test
    void aForkHasTheMemoriesOfItsPoint() {
        String name = uniqueName("memory-fork");
        deploy("name: %s\nmodel: scripted\ntools: [memory_store]\nscript:\n  - {tool: memory_store, args: {text: '{{trigger.payload.text}}'}}\n  - {reply: ok}\n"
                .formatted(name));
        String first = invoke(name, "{\"text\": \"" + OUTAGE + "\"}");
        awaitEnded(first);
        awaitEnded(invoke(name, "{\"text\": \"" + CAT + "\"}"));
        String fork = name + "-f";
        admin().contentType(ContentType.JSON).body(Map.of("at", first, "name", fork)).post("/processes/{name}/fork", name)
                .then().statusCode(201);
        List<Map<String, Object>> forked = admin().get("/processes/{name}/memories", fork).then().extract().path("items");
        assertThat(forked).extracting(m -> m.get("text")).containsExactly(OUTAGE);
        assertThat(search(fork, "schema upgrade").get(0)).containsEntry("text", OUTAGE).containsEntry("source", "fork:" + name);
        assertThat(admin().get("/processes/{name}/memories", name).then().extract().<List<?>>path("items")).hasSize(2);
    }

    @Test
    void aProviderEmbeddingModelChosenInTheManifestEmbedsTheMemories() {
        String name = uniqueName("memory-openai");
        String baseUrl = ProviderStub.Protocol.OPENAI.baseUrl(STUB, name);
        deploy("""
                name: %s
                model: scripted
                network: {allow: [127.0.0.1]}
                memory: {embedding: 'openai:text-embedding-3-small', base_url: '%s'}
                script:
                  - {reply: ok}
                """.formatted(name, baseUrl));
        stored(name, "invoices go out monthly");
        stored(name, "the backup disk is full");
        // the stub's vectors are its words: the memory that shares words with the query is nearest
        assertThat(search(name, "is the backup disk full").get(0)).containsEntry("text", "the backup disk is full");
        assertThat(STUB.requests(name)).isNotEmpty().allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/v1/embeddings");
            assertThat(r.body().path("model").asText()).isEqualTo("text-embedding-3-small");
        });

        // a provider that cannot be reached is a clear problem, and nothing is stored
        String down = uniqueName("memory-down");
        deploy("name: %s\nmodel: scripted\nnetwork: {allow: [127.0.0.1]}\nmemory: {embedding: 'ollama:nomic-embed-text', base_url: 'http://127.0.0.1:9'}\nscript:\n  - {reply: ok}\n"
                .formatted(down));
        admin().contentType(ContentType.JSON).body(Map.of("text", "x")).post("/processes/{name}/memories", down).then().statusCode(503)
                .contentType("application/problem+json").body("detail", containsString("ollama:nomic-embed-text at 127.0.0.1 failed"));
        assertThat(admin().get("/processes/{name}/memories", down).then().extract().<List<?>>path("items")).isEmpty();
        admin().contentType("application/yaml").body("name: %s-far\nmodel: scripted\nmemory: {embedding: 'openai:text-embedding-3-small', base_url: 'https://embed.example.com/v1'}\nscript:\n  - {reply: ok}\n"
                .formatted(down)).post("/processes").then().statusCode(400).body("errors[0].field", equalTo("memory.base_url"));
    }

    /**
     * A provider's embedding is asked with nothing of the process held: its triggers are accepted
     * while the call waits (a transaction open across it would hold the process's row, and every
     * accept of it, until the provider answered), for the recall and for a memory tool alike.
     */
    @Test
    void triggersAreAcceptedWhileAProviderEmbeds() {
        String name = uniqueName("memory-slow-embed");
        deploy("""
                name: %s
                model: scripted
                network: {allow: [127.0.0.1]}
                memory: {embedding: 'openai:text-embedding-3-small', base_url: '%s', auto_recall: 1}
                tools: [memory_store]
                script:
                  - {tool: memory_store, args: {text: 'the backup disk is full'}}
                  - {reply: 'recalled:{{#recalled}} {{text}}{{/recalled}}'}
                """.formatted(name, ProviderStub.Protocol.OPENAI.baseUrl(STUB, name)));
        Runnable recallHeld = STUB.holdEmbeddings(name);
        String first = invoke(name, "{\"question\": \"is the backup disk full\"}");
        await().until(() -> STUB.requests(name).size() == 1);
        String second = invoke(name, "{\"question\": \"and now\"}");

        Runnable storeHeld = STUB.holdEmbeddings(name);
        recallHeld.run();
        await().until(() -> STUB.requests(name).size() == 2);
        assertThat(STUB.requests(name).get(1).body().toString()).contains("the backup disk is full");
        String third = invoke(name, "{\"question\": \"once more\"}");
        storeHeld.run();

        for (String id : List.of(first, second, third)) {
            assertThat(awaitEnded(id).getString("status")).isEqualTo("COMPLETED");
        }
        assertThat(admin().get("/processes/{name}/memories", name).then().extract().<List<?>>path("items")).hasSize(3);
        assertThat(Castellan.journalData(name, "MEMORY_RECALLED")).hasSize(3);
    }

    @Test
    void triggersAreAcceptedWhileAReflectionIsEmbedded() {
        String name = uniqueName("memory-slow-reflection");
        deploy("""
                name: %s
                model: scripted
                protocol: plan_act_reflect
                network: {allow: [127.0.0.1]}
                memory: {embedding: 'openai:text-embedding-3-small', base_url: '%s'}
                script:
                  - {reply: '["answer at once"]'}
                  - {reply: 'done'}
                  - {reply: 'Answering at once needed no tool.'}
                """.formatted(name, ProviderStub.Protocol.OPENAI.baseUrl(STUB, name)));
        Runnable held = STUB.holdEmbeddings(name);
        String first;
        String second;
        try {
            first = invoke(name, "{}");
            await().until(() -> STUB.requests(name).size() == 1);
            // the reflection's memory is being embedded: the process's lock must not be held meanwhile,
            // or this accept waits on it past the database's lock timeout and is refused (503)
            second = invoke(name, "{}");
        } finally {
            held.run();
        }
        for (String id : List.of(first, second)) {
            assertThat(awaitEnded(id).getString("status")).isEqualTo("COMPLETED");
        }
        assertThat(STUB.requests(name).get(0).body().toString()).contains("Answering at once needed no tool.");
        assertThat(Castellan.journalData(name, "REFLECTION")).hasSize(2).allSatisfy(d -> assertThat(d).containsKey("memory"));
        assertThat(admin().get("/processes/{name}/memories", name).then().statusCode(200).extract().<List<?>>path("items")).hasSize(2);
    }

    @Test
    void badMemoryRequestsAreClearProblems() {
        String name = uniqueName("memory-bad");
        deploy("name: %s\nmodel: scripted\nscript:\n  - {reply: ok}\n".formatted(name));
        admin().contentType(ContentType.JSON).body(Map.of("text", "x".repeat(33 * 1024))).post("/processes/{name}/memories", name)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("text"))
                .body("errors[0].reason", containsString("32 KiB"));
        admin().contentType(ContentType.JSON).body(Map.of("text", "ok", "tags", List.of("has space"), "metadata", "nope"))
                .post("/processes/{name}/memories", name).then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("tags[0]", "metadata"));
        admin().contentType(ContentType.JSON).body("[1]").post("/processes/{name}/memories", name).then().statusCode(400)
                .body("errors[0].field", equalTo("body"));
        admin().queryParam("q", " ").get("/processes/{name}/memories", name).then().statusCode(400).body("errors[0].field", equalTo("q"));
        // control characters only: nothing an embedding model takes (it refused them, and the server answered 500)
        admin().contentType(ContentType.JSON).body(Map.of("text", "\u0000\u0001")).post("/processes/{name}/memories", name)
                .then().statusCode(400).body("errors[0].field", equalTo("text"));
        admin().queryParam("q", "\u0000").get("/processes/{name}/memories", name).then().statusCode(400).body("errors[0].field", equalTo("q"));
        // nothing the model reads either (it refused them, and the server answered 500): a zero-width space, an accent
        // alone, a lone surrogate (sent as JSON's escape), a no-break space, a byte-order mark
        for (String nothing : List.of("\\u200b\\u0301", "\\ud800", "\\u00a0\\ufeff")) {
            admin().contentType(ContentType.JSON).body("{\"text\": \"" + nothing + "\"}").post("/processes/{name}/memories", name)
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("text"));
        }
        admin().queryParam("q", "\u200b\u0301").get("/processes/{name}/memories", name).then().statusCode(400).body("errors[0].field", equalTo("q"));
        admin().queryParam("q", "x").queryParam("limit", 51).get("/processes/{name}/memories", name).then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        admin().queryParam("tags", "ops").get("/processes/{name}/memories", name).then().statusCode(400).body("errors[0].field", equalTo("tags"));
        admin().queryParam("cursor", "@@").get("/processes/{name}/memories", name).then().statusCode(400).body("errors[0].field", equalTo("cursor"));
        admin().delete("/processes/{name}/memories/{id}", name, "nope").then().statusCode(404).contentType("application/problem+json");
        admin().get("/processes/{name}/memories", "no-such-process").then().statusCode(404);
        Castellan.api(Castellan.tokenWithRole("viewer")).contentType(ContentType.JSON).body(Map.of("text", "x"))
                .post("/processes/{name}/memories", name).then().statusCode(403);
        admin().contentType("application/yaml").body("name: %s-m\nmodel: scripted\nmemory: {auto_recall: 99, embedding: openai}\nscript:\n  - {reply: ok}\n"
                .formatted(name)).post("/processes").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("memory.auto_recall", "memory.embedding"));
        assertThat(admin().get("/processes/{name}/memories", name).then().extract().<List<?>>path("items")).isEmpty();
    }
}
