package io.castellan.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.castellan.platform.Json;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Schemas that operators ({@code ask}) and agents ({@code ask_agent}) write: the server reads
 * nothing they point to outside themselves (it fetched a {@code $schema} or {@code $ref} URL, past
 * a process's network rules), and writes nothing of theirs to its log.
 */
class WrittenSchemasTest {

    private HttpServer elsewhere;
    private final List<String> fetched = new ArrayList<>();
    private String url;

    @BeforeEach
    void aServerTheSchemasPointTo() throws Exception {
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            synchronized (fetched) {
                fetched.add(exchange.getRequestURI().toString());
            }
            byte[] schema = "{\"type\": \"object\"}".getBytes();
            exchange.sendResponseHeaders(200, schema.length);
            exchange.getResponseBody().write(schema);
            exchange.close();
        });
        elsewhere.start();
        url = "http://127.0.0.1:" + elsewhere.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        elsewhere.stop(0);
    }

    @Test
    void aSchemaThatPointsOutsideItselfIsRefusedAndNothingIsFetched() {
        for (String schema : List.of("{\"$schema\": \"" + url + "/meta\", \"type\": \"object\"}",
                "{\"$ref\": \"" + url + "/whole\"}",
                "{\"type\": \"object\", \"properties\": {\"x\": {\"anyOf\": [{\"$ref\": \"" + url + "/nested\"}]}}}",
                "{\"$id\": \"" + url + "/base\", \"$ref\": \"relative\"}",
                "{\"$dynamicRef\": \"" + url + "/dynamic\"}",
                "{\"$ref\": \"file:///etc/passwd\"}")) {
            assertThat(ToolSchemas.schemaProblem(Json.read(schema))).as(schema).get().asString().contains("is not a JSON Schema");
        }
        // a nested reference is read only when a value reaches it: checked as a mismatch, not fetched, not thrown
        String nested = "{\"type\": \"object\", \"properties\": {\"x\": {\"$ref\": \"" + url + "/late\"}}}";
        assertThat(ToolSchemas.mismatch(Json.read(nested), Json.read("{\"x\": 1}"))).get().asString().contains("cannot check");
        assertThat(fetched).isEmpty();
    }

    @Test
    void aSchemaThatPointsWithinItselfOrToADraftIsChecked() {
        String schema = """
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["a"],
                 "properties": {"a": {"$ref": "#/definitions/word"}, "$ref": {"type": "number"}},
                 "definitions": {"word": {"type": "string"}}}""";
        assertThat(ToolSchemas.schemaProblem(Json.read(schema))).isEmpty();
        assertThat(ToolSchemas.mismatch(Json.read(schema), Json.read("{\"a\": \"w\", \"$ref\": 2}"))).isEmpty();
        assertThat(ToolSchemas.mismatch(Json.read(schema), Json.read("{\"a\": 1}"))).get().asString().contains("string");
        assertThat(ToolSchemas.schemaProblem(Json.read("{\"$ref\": \"https://json-schema.org/draft/2020-12/schema\"}"))).isEmpty();
    }

    @Test
    void aKeywordNoDraftKnowsIsNotWrittenToTheLog() {
        List<LogRecord> records = new ArrayList<>();
        Logger library = Logger.getLogger("com.networknt.schema");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        library.addHandler(handler);
        try {
            for (String draft : List.of("", "\"$schema\": \"http://json-schema.org/draft-07/schema#\", ",
                    "\"$schema\": \"http://json-schema.org/draft-04/schema#\", ")) {
                String schema = "{" + draft + "\"type\": \"object\", \"x-chosen-by-the-writer\\n[forged log line]\": 1}";
                assertThat(ToolSchemas.schemaProblem(Json.read(schema))).as(schema).isEmpty();
                assertThat(ToolSchemas.mismatch(Json.read(schema), Json.object())).isEmpty();
            }
        } finally {
            library.removeHandler(handler);
        }
        assertThat(records).filteredOn(r -> r.getLevel().intValue() >= Level.INFO.intValue()).isEmpty();
    }
}
