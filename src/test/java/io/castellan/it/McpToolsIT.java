package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.journalData;
import static io.castellan.it.Castellan.uniqueName;
import static io.castellan.it.ProviderAnswers.text;
import static io.castellan.it.ProviderAnswers.toolCalls;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.it.ProviderAnswers.Call;
import io.castellan.it.ProviderStub.Protocol;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Agents calling the tools of a real MCP server (the MCP Java SDK over stdio), and running on when one is down. */
class McpToolsIT {

    @RegisterExtension
    static final ProviderStub stub = new ProviderStub();

    /** The manifest's command that starts the calculator MCP server with the tests' class path. */
    static String calculatorCommand() {
        try {
            String classpath = Path.of("target", "test-classes").toAbsolutePath() + java.io.File.pathSeparator
                    + Files.readString(Path.of("target", "test-classpath.txt")).strip();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return "[\"" + java + "\", -cp, \"" + classpath + "\", " + CalculatorMcpServer.class.getName() + "]";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aScriptedAgentCallsAnMcpTool() {
        String name = scriptedWithCalculator("mcp-scripted", """
                  - {tool: calc__add, args: {a: 2, b: 3}}
                  - {reply: 'sum is {{steps.0.result.sum}}'}
                """);

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).as(() -> journalOf(name)).isEqualTo("COMPLETED");
        assertThat(done.getString("reply")).isEqualTo("sum is 5.0");
    }

    @Test
    void aResultOverItsBoundIsCutAndSaysSo() {
        String name = scriptedWithCalculator("mcp-big", """
                  - {tool: calc__repeat, args: {n: 200000}}
                  - {tool: calc__repeat, args: {n: 10}}
                  - {reply: '{{steps.0.result.truncated}} {{steps.1.result}}'}
                """);

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).as(() -> journalOf(name)).isEqualTo("COMPLETED");
        assertThat(done.getString("reply")).isEqualTo("true xxxxxxxxxx");
        List<Map<String, Object>> results = journalData(name, "TOOL_RESULT");
        Map<?, ?> cut = results.stream().map(r -> r.get("result")).filter(Map.class::isInstance).map(Map.class::cast)
                .findFirst().orElseThrow();
        assertThat(cut.get("truncated")).isEqualTo(true);
        assertThat(String.valueOf(cut.get("text"))).hasSize(64 * 1024);
        assertThat(results).extracting(r -> r.get("result")).contains("xxxxxxxxxx");
    }

    /** Deploys a scripted agent with the calculator server as {@code calc}; {@code script} is the script's list, one entry a line. */
    private static String scriptedWithCalculator(String prefix, String script) {
        String name = uniqueName(prefix);
        deploy("name: %s\nmodel: scripted\nmcp_servers:\n  - {name: calc, command: %s, timeout: 60s}\nscript:\n%s"
                .formatted(name, calculatorCommand(), script));
        return name;
    }

    @Test
    void aProviderModelIsOfferedTheMcpToolsWithTheirSchemas() {
        String name = uniqueName("mcp-openai");
        stub.enqueue(name, toolCalls(Protocol.OPENAI, new Call("c1", "calc__add", "{\"a\":1,\"b\":2}")), text(Protocol.OPENAI, "It is 3."));
        deploy("""
                name: %s
                model: openai:gpt-5-mini
                model_options: {base_url: '%s', api_key: '${IT_MODEL_KEY}'}
                mcp_servers:
                  - {name: calc, command: %s, timeout: 60s}
                """.formatted(name, Protocol.OPENAI.baseUrl(stub, name), calculatorCommand()));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).as(() -> journalOf(name)).isEqualTo("COMPLETED");
        JsonNode add = ModelProvidersIT.find(stub.requests(name).get(0).body().path("tools"),
                t -> t.path("function").path("name").asText().equals("calc__add"));
        assertThat(add.path("function").path("description").asText()).isEqualTo("Adds two numbers");
        assertThat(add.path("function").path("parameters").path("required").toString()).contains("a", "b");
        JsonNode result = ModelProvidersIT.find(stub.requests(name).get(1).body().path("messages"),
                m -> m.path("role").asText().equals("tool"));
        assertThat(result.path("content").asText()).contains("\"sum\":3.0");
    }

    /** A command starts with none of the server's environment (its tokens and keys) but what the manifest passes. */
    @Test
    void aStdioServerGetsOnlyTheEnvironmentTheManifestPasses() {
        String name = uniqueName("mcp-env");
        deploy("""
                name: %s
                model: scripted
                mcp_servers:
                  - {name: calc, command: %s, timeout: 60s, env: {GREETING: hello, GITHUB_TOKEN: "${IT_GITHUB_TOKEN}"}}
                script:
                  - {tool: calc__environment, args: {}}
                  - {reply: '{{steps.0.result.names}}'}
                """.formatted(name, calculatorCommand()));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).as(() -> journalOf(name)).isEqualTo("COMPLETED");
        assertThat(done.getString("reply").split(",")).contains("GREETING", "GITHUB_TOKEN", "PATH")
                .doesNotContain("CASTELLAN_ADMIN_TOKEN", "IT_HOOK_SECRET", "IT_MODEL_KEY", "IT_GITHUB_TOKEN", "JAVA_HOME", "WLP_USER_DIR");
    }

    @Test
    void anMcpServerOverHttpIsHeldToNetworkAllow() {
        admin().contentType("application/yaml").body("""
                name: %s
                model: scripted
                mcp_servers:
                  - {name: far, url: 'http://mcp.example.com/mcp'}
                script: [{reply: x}]
                """.formatted(uniqueName("mcp-far"))).post("/processes").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("mcp_servers[0].url"));
    }

    @Test
    void aServerThatIsDownTakesOnlyItsOwnToolsAway() {
        String name = uniqueName("mcp-down");
        deploy("""
                name: %s
                model: scripted
                tools: [state_set]
                network: {allow: [127.0.0.1]}
                mcp_servers:
                  - {name: gone, url: 'http://127.0.0.1:%d/mcp', timeout: 3s}
                script:
                  - {tool: gone__ping, args: {}}
                  - {tool: state_set, args: {key: ran, value: true}}
                  - {reply: still here}
                """.formatted(name, closedPort()));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("reply")).isEqualTo("still here");
        assertThat(ModelProvidersIT.journal(name, done.getString("id"), "TOOLS_UNAVAILABLE").get(0).toString())
                .contains("MCP server 'gone'", "is unavailable");
        assertThat(ModelProvidersIT.journal(name, done.getString("id"), "TOOL_ERROR").get(0).toString())
                .contains("'gone__ping' is not available");
    }

    /**
     * A stdio server that starts and never answers (here a shell that runs a child and reads
     * nothing) leaves no process behind: neither the command nor its child, at each of the
     * invocation's attempts to list its tools.
     */
    @Test
    void aStdioServerThatNeverAnswersLeavesNoProcessBehind() {
        String marker = String.valueOf(900_000 + new java.util.Random().nextInt(99_999));
        String name = uniqueName("mcp-mute");
        deploy("""
                name: %s
                model: scripted
                tools: [state_set]
                mcp_servers:
                  - {name: mute, command: [sh, -c, "sleep %s; true"], timeout: 2s}
                script:
                  - {tool: mute__ping, args: {}}
                  - {reply: still here}
                """.formatted(name, marker));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(ModelProvidersIT.journal(name, done.getString("id"), "TOOLS_UNAVAILABLE").get(0).toString())
                .contains("MCP server 'mute'", "is unavailable");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().orElse("").contains("sleep " + marker)).toList())
                        .as("processes of the mute server").isEmpty());
    }

    private static String journalOf(String name) {
        return Castellan.admin().get("/processes/{name}/journal", name).asString();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
