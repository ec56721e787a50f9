package io.castellan.it;

import static io.castellan.it.Castellan.ADMIN_TOKEN;
import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.baseUrl;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.tokenWithRole;
import static io.castellan.it.Castellan.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Castellan as an MCP server: exposed processes are tools that real MCP clients (LangChain4j's, and
 * the MCP Java SDK's for progress) list and call, each call one invocation.
 */
class McpServerIT {

    private static String exposed(String name, String extra) {
        return """
                name: %s
                description: Says what it heard.
                model: scripted
                tools: [state_set]
                expose: {mcp: true%s}
                script:
                  - {tool: state_set, args: {key: heard, value: '{{trigger.payload.message}}'}}
                  - {reply: 'heard {{trigger.payload.message}}'}
                """.formatted(name, extra);
    }

    private static McpClient client(String token) {
        return new DefaultMcpClient.Builder().clientName("castellan-it").key("castellan")
                .transport(new StreamableHttpMcpTransport.Builder().url(baseUrl() + "/mcp").timeout(Duration.ofSeconds(60))
                        .customHeaders(Map.of("Authorization", "Bearer " + token)).build())
                .build();
    }

    @Test
    void exposedProcessesAreToolsThatRunOneInvocationPerCall() throws Exception {
        String name = uniqueName("mcp-echo");
        String hidden = uniqueName("mcp-hidden");
        deploy(exposed(name, ""));
        deploy("name: %s\nmodel: scripted\nscript: [{reply: never}]\n".formatted(hidden));
        try (McpClient client = client(tokenWithRole("operator"))) {
            List<ToolSpecification> tools = client.listTools();
            assertThat(tools).extracting(ToolSpecification::name).contains(name).doesNotContain(hidden);
            ToolSpecification tool = tools.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
            assertThat(tool.description()).isEqualTo("Says what it heard.");
            assertThat(tool.parameters().properties()).containsKey("message");

            ToolExecutionResult result = client.executeTool(ToolExecutionRequest.builder().id("1").name(name)
                    .arguments("{\"message\": \"the tide is in\"}").build());
            assertThat(result.isError()).isFalse();
            assertThat(result.resultText()).isEqualTo("heard the tide is in");
        }
        Map<String, Object> invocation = admin().get("/processes/{name}/invocations", name).then().statusCode(200)
                .extract().path("items[0]");
        assertThat(invocation).containsEntry("status", "COMPLETED");
        assertThat(admin().get("/invocations/{id}", invocation.get("id")).then().extract().<String>path("trigger.kind")).isEqualTo("mcp");
        admin().get("/processes/{name}/state/heard", name).then().statusCode(200).body("value", equalTo("the tide is in"));
        // the call is audited against its process (as its deploy was); listing the tools is a read, and is not
        // the audit log is written once a second
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin().queryParam("process", name)
                .get("/audit").then().statusCode(200).extract().<List<Map<String, Object>>>path("items"))
                .filteredOn(record -> String.valueOf(record.get("target")).startsWith("/mcp")).singleElement().satisfies(record -> assertThat(record)
                .containsEntry("target", "/mcp tools/call").containsEntry("method", "POST").containsEntry("status", 200).containsEntry("role", "operator")));
    }

    @Test
    void aCallerThatAsksForProgressIsToldOfEachStep() {
        String name = uniqueName("mcp-slow");
        deploy("""
                name: %s
                model: scripted
                tools: [wait, state_set]
                expose: {mcp: true}
                script:
                  - {tool: wait, args: {seconds: 1}}
                  - {tool: state_set, args: {key: done, value: true}}
                  - {reply: 'done after a wait'}
                """.formatted(name));
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        String token = tokenWithRole("operator");
        try (McpSyncClient client = io.modelcontextprotocol.client.McpClient.sync(HttpClientStreamableHttpTransport.builder(baseUrl())
                        .endpoint("/mcp").openConnectionOnStartup(false)
                        .customizeRequest(request -> request.header("Authorization", "Bearer " + token)).build())
                // the SDK's own validator wants networknt 2.x (Castellan has 1.5); the tools declare no output schema
                .jsonSchemaValidator((schema, content) -> JsonSchemaValidator.ValidationResponse.asValid(String.valueOf(content)))
                .requestTimeout(Duration.ofSeconds(60)).progressConsumer(progress::add).build()) {
            McpSchema.InitializeResult initialized = client.initialize();
            assertThat(initialized.protocolVersion()).isNotBlank();
            McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder().name(name)
                    .arguments(Map.of("message", "go")).progressToken("p-1").build());
            assertThat(result.isError()).isFalse();
            assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("done after a wait");
        }
        assertThat(progress).hasSizeGreaterThanOrEqualTo(4).allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("p-1"));
        // one for each journal entry, counted 1, 2, 3 ... (the client may hand them over in another order)
        assertThat(progress).extracting(p -> p.progress().intValue())
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, progress.size()).boxed().toList());
        assertThat(progress).extracting(McpSchema.ProgressNotification::message).contains("invocation waiting", "invocation completed");
    }

    @Test
    void argumentsOutsideTheSchemaAndFailedInvocationsAreTheToolsErrors() throws Exception {
        String name = uniqueName("mcp-strict");
        deploy(exposed(name, ", input_schema: {type: object, properties: {message: {type: string}}, required: [message]}"));
        String failing = uniqueName("mcp-failing");
        deploy("name: %s\nmodel: scripted\nexpose: {mcp: true}\nmax_steps: 1\nscript: [{tool: state_get, args: {key: x}}, {reply: never}]\ntools: [state_get]\n"
                .formatted(failing));
        // the client raises a tool's error (isError) as an exception carrying its text
        try (McpClient client = client(tokenWithRole("operator"))) {
            assertThatThrownBy(() -> client.executeTool(ToolExecutionRequest.builder().id("1").name(name).arguments("{\"msg\": 1}").build()))
                    .hasMessageContaining("input schema").hasMessageContaining("message");
            assertThatThrownBy(() -> client.executeTool(ToolExecutionRequest.builder().id("2").name(failing).arguments("{}").build()))
                    .hasMessageContaining("the invocation failed").hasMessageContaining("max_steps");
        }
        assertThat(admin().get("/processes/{name}/invocations", name).then().statusCode(200).extract().<List<?>>path("items"))
                .as("arguments outside the schema start nothing").isEmpty();
    }

    @Test
    void theProtocolsErrorsNameWhatIsWrong() {
        rpc(ADMIN_TOKEN).body("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"no-such-tool\"}}").post()
                .then().statusCode(200).body("id", equalTo(7)).body("error.code", equalTo(-32602))
                .body("error.message", containsString("'no-such-tool' is none"));
        rpc(ADMIN_TOKEN).body("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"resources/list\"}").post()
                .then().statusCode(200).body("error.code", equalTo(-32601)).body("error.message", containsString("resources/list"));
        rpc(ADMIN_TOKEN).body("{not json").post().then().statusCode(400).body("error.code", equalTo(-32700));
        rpc(ADMIN_TOKEN).body("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]").post().then().statusCode(400).body("error.code", equalTo(-32600));
        rpc(ADMIN_TOKEN).body("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").post().then().statusCode(202);
        rpc(ADMIN_TOKEN).body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").post().then().statusCode(200).body("result.size()", equalTo(0));
        rpc(ADMIN_TOKEN).get().then().statusCode(405).contentType("application/problem+json").header("Allow", "POST");
        rpc(null).body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").post().then().statusCode(401).contentType("application/problem+json");
        rpc(tokenWithRole("viewer")).body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").post().then().statusCode(403)
                .body("detail", containsString("operator"));
    }

    private static RequestSpecification rpc(String token) {
        RequestSpecification spec = given().config(Castellan.REST).baseUri(baseUrl()).basePath("/mcp")
                .contentType("application/json").accept("application/json, text/event-stream");
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }
}
