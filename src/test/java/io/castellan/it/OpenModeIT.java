package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Open mode: an agent changes itself and makes processes through meta-tools, within guardrails, each change a version of its own. */
class OpenModeIT {

    private static final Receiver WEATHER = new Receiver();

    @AfterAll
    static void stopReceiver() {
        WEATHER.close();
    }

    private static String outcome(Map<Integer, Object> steps, int step) {
        return String.valueOf(steps.get(step));
    }

    @Test
    void anOpenAgentUsesEachMetaToolAndItsChangesTakeEffectFromTheNextInvocation() {
        String name = uniqueName("open");
        deploy("""
                name: %1$s
                model: scripted
                network: {allow: [127.0.0.1]}
                open_mode:
                  tools: [inspect_state, rewrite_instructions, modify_triggers, create_tool, connect_mcp, spawn_process]
                  max_spawned: 1
                  max_triggers: 1
                  mcp_hosts: [127.0.0.1]
                script:
                  - {tool: inspect_state, args: {}}
                  - {tool: rewrite_instructions, args: {instructions: 'Answer in one line.', reason: 'shorter answers'}}
                  - {tool: modify_triggers, args: {action: add, trigger: {event: 'weather.*'}, reason: 'hear weather news'}}
                  - tool: create_tool
                    args:
                      name: weather
                      description: the weather in a city
                      url: '%2$s/{city}'
                      parameters: {type: object, properties: {city: {type: string}}, required: [city]}
                      reason: look it up
                  - {tool: connect_mcp, args: {name: calc, url: 'http://127.0.0.1:9/mcp', reason: arithmetic}}
                  - {tool: spawn_process, args: {manifest: "name: %1$s-child\\nmodel: scripted\\nscript:\\n  - {reply: hi}\\n", reason: 'a helper'}}
                  - {tool: weather, args: {city: Paris}}
                  - {reply: done}
                """.formatted(name, WEATHER.url("/echo/weather")));
        String first = invoke(name, "{}");
        assertThat(awaitEnded(first).getString("status")).isEqualTo("COMPLETED");
        Map<Integer, Object> steps = MemoryIT.stepOutcomes(name, first);
        assertThat(outcome(steps, 0)).contains("version=1", "open_mode", "max_spawned=1", "cost_today_usd", "health", "status=");
        assertThat(outcome(steps, 1)).contains("version=2", "from the next invocation");
        assertThat(outcome(steps, 2)).contains("version=3");
        assertThat(outcome(steps, 3)).contains("version=4", "tool=weather");
        assertThat(outcome(steps, 4)).contains("version=5");
        assertThat(outcome(steps, 5)).contains("process=" + name + "-child", "RUNNING");
        // the tool it created is not its tool until the next invocation
        assertThat(outcome(steps, 6)).contains("error");
        assertThat(WEATHER.requests()).isEmpty();

        List<Map<String, Object>> versions = admin().get("/processes/{name}/versions", name).then().statusCode(200).extract().path("items");
        assertThat(versions).hasSize(5).allSatisfy(v -> assertThat(v.get("created_by")).isIn("agent:" + first, "api:admin"));
        assertThat(versions).extracting(v -> v.get("reason")).contains("shorter answers", "hear weather news", "look it up", "arithmetic");
        String manifest = admin().get("/processes/{name}", name).then().extract().path("manifest");
        assertThat(manifest).contains("Answer in one line.", "weather.*", "http_tools", "calc");
        assertThat(admin().get("/processes/{name}/versions/1", name + "-child").then().statusCode(200).extract().<String>path("reason"))
                .isEqualTo("spawned by " + name + ": a helper");
        assertThat(Castellan.journalData(name, "SELF_CHANGED")).hasSize(4);
        assertThat(Castellan.journalData(name, "PROCESS_SPAWNED")).hasSize(1);

        // the next invocation runs the newest version: the created tool works; the limits now refuse
        String second = invoke(name, "{}");
        assertThat(awaitEnded(second).getString("status")).isEqualTo("COMPLETED");
        Map<Integer, Object> again = MemoryIT.stepOutcomes(name, second);
        assertThat(outcome(again, 2)).contains("error", "max_triggers is 1");
        assertThat(outcome(again, 3)).contains("error", "invalid", "http_tools");
        assertThat(outcome(again, 5)).contains("error", "max_spawned is 1");
        assertThat(outcome(again, 6)).contains("status=200");
        assertThat(WEATHER.requests()).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo("/echo/weather/Paris"));
        assertThat(Castellan.journalData(name, "GUARDRAIL")).extracting(d -> d.get("tool"))
                .containsExactlyInAnyOrder("modify_triggers", "spawn_process");
    }

    @Test
    void guardrailsRefuseAndAChangeThatNeedsApprovalWaitsForIt() {
        String name = uniqueName("open-guard");
        deploy("""
                name: %1$s
                model: scripted
                tools: [state_set]
                network: {allow: [127.0.0.1, example.com]}
                budget: {max_daily_cost: 1.00}
                open_mode:
                  tools: [rewrite_instructions, modify_triggers, connect_mcp, spawn_process]
                  max_spawned: 3
                  mcp_hosts: [127.0.0.1]
                  require_approval: [rewrite_instructions]
                script:
                  - {tool: modify_triggers, args: {action: add, trigger: {webhook: {path: in}}, reason: 'a webhook'}}
                  - {tool: connect_mcp, args: {name: far, url: 'http://example.com/mcp', reason: 'more tools'}}
                  - {tool: spawn_process, args: {manifest: "name: %1$s-a\\nmodel: scripted\\ntools: [http_request]\\nscript:\\n  - {reply: hi}\\n", reason: 'more tools'}}
                  - {tool: spawn_process, args: {manifest: "name: %1$s-b\\nmodel: scripted\\nbudget: {max_daily_cost: 5}\\nscript:\\n  - {reply: hi}\\n", reason: 'more money'}}
                  - {tool: spawn_process, args: {manifest: "name: %1$s-c\\nmodel: scripted\\nnetwork: {allow: [evil.example.org]}\\nbudget: {max_daily_cost: 1}\\nscript:\\n  - {reply: hi}\\n", reason: 'more hosts'}}
                  - {tool: spawn_process, args: {manifest: "name: %1$s-d\\nmodel: scripted\\nbudget: {max_daily_cost: 1}\\nopen_mode: {tools: [spawn_process]}\\nscript:\\n  - {reply: hi}\\n", reason: 'a child that spawns'}}
                  - {tool: spawn_process, args: {manifest: "name: %1$s-e\\nmodel: nonsense\\nscript:\\n  - {reply: hi}\\n", reason: 'broken'}}
                  - {tool: spawn_process, args: {manifest: "name: %1$s-f\\nmodel: openai:gpt-4o-mini\\nmodel_options: {base_url: 'http://127.0.0.1:9/v1'}\\nbudget: {max_daily_cost: 1}\\n", reason: 'a model of my choice'}}
                  - {tool: rewrite_instructions, args: {instructions: 'New rules.', reason: 'better rules'}}
                  - {reply: done}
                """.formatted(name));
        String id = invoke(name, "{}");
        await().atMost(Duration.ofSeconds(60)).until(() -> "WAITING".equals(Castellan.invocation(id).getString("status")));
        Map<Integer, Object> steps = MemoryIT.stepOutcomes(name, id);
        assertThat(outcome(steps, 0)).contains("only its cron, event and message triggers");
        assertThat(outcome(steps, 1)).contains("'example.com' is not in open_mode.mcp_hosts");
        assertThat(outcome(steps, 2)).contains("only its parent's tools, not 'http_request'");
        assertThat(outcome(steps, 3)).contains("budget.max_daily_cost of at most 1");
        assertThat(outcome(steps, 4)).contains("only its parent's hosts, not 'evil.example.org'");
        assertThat(outcome(steps, 5)).contains("cannot have open_mode");
        assertThat(outcome(steps, 6)).contains("the manifest is invalid", "model");
        // the server would have sent a provider's key to the child's base_url
        assertThat(outcome(steps, 7)).contains("its parent's model provider ('scripted'), not 'openai'");
        assertThat(Castellan.journalData(name, "GUARDRAIL")).hasSize(7);
        assertThat(admin().get("/processes/{name}/versions", name).then().extract().<List<?>>path("items")).hasSize(1);
        admin().get("/processes/{name}", name + "-a").then().statusCode(404);

        // the change that needs a person's yes waits for it, then becomes a version
        String approval = admin().queryParam("process", name).get("/approvals").then().statusCode(200).extract().path("items[0].id");
        admin().contentType(ContentType.JSON).body(Map.of("comment", "fine")).post("/approvals/{id}/approve", approval).then().statusCode(200);
        assertThat(awaitEnded(id).getString("status")).isEqualTo("COMPLETED");
        assertThat(admin().get("/processes/{name}/versions/2", name).then().statusCode(200).extract().<String>path("reason"))
                .isEqualTo("better rules");
    }

    @Test
    void openModeIsCheckedAtDeploy() {
        String name = uniqueName("open-bad");
        admin().contentType("application/yaml").body("""
                name: %s
                model: scripted
                tools: [rewrite_instructions]
                open_mode:
                  tools: [rewrite_instructions, launch_rockets]
                  mcp_hosts: [mcp.example.com]
                  require_approval: [spawn_process]
                  max_spawned: 1000
                http_tools:
                  - {name: look, description: x, url: 'https://{host}/x', parameters: {type: object, properties: {host: {type: string}}}}
                script:
                  - {reply: ok}
                """.formatted(name)).post("/processes").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("open_mode.tools[1]", "open_mode.mcp_hosts[0]",
                        "open_mode.require_approval", "open_mode.max_spawned", "http_tools[0].url"));
        admin().contentType("application/yaml").body("name: %s\nmodel: scripted\ntools: [spawn_process]\nscript:\n  - {reply: ok}\n".formatted(name))
                .post("/processes").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("tools[0]"))
                .body("errors[0].reason", org.hamcrest.Matchers.containsString("open_mode.tools"));
    }
}
