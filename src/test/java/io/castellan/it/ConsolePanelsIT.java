package io.castellan.it;

import static io.castellan.it.Castellan.ADMIN_TOKEN;
import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.process;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The process page's panels in a real browser: the manifest and mission, state history, versions, memory, plans. */
class ConsolePanelsIT extends ConsoleSession {

    @Test
    void editingAManifestMakesANewVersionAndTheMissionPanelFollowsItsEvaluations() {
        String name = uniqueName("console-edit");
        deploy(agent(name));
        signIn(ADMIN_TOKEN);
        browser.get(Castellan.baseUrl() + "/console/#/processes/" + name);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("mission")));
        click(By.id("action-edit"));
        WebElement editor = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("manifest")));
        wait.until(d -> editor.getAttribute("value").contains("name: " + name));

        editor.clear();
        editor.sendKeys(agent(name) + """
                mission:
                  objective: Greet everyone once
                  success_criteria: Everyone has been greeted
                  check_interval: 1
                  evaluations:
                    - {achieved: false, progress: 0.5, confidence: 0.9, reasoning: "half of them greeted"}
                """);
        click(By.id("deploy"));
        wait.until(ExpectedConditions.urlToBe(Castellan.baseUrl() + "/console/#/processes/" + name));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("mission"), "Greet everyone once"));
        assertThat(process(name).getInt("version")).isEqualTo(2);

        click(By.id("invoke-button"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("mission"), "half of them greeted"));
        assertThat(browser.findElement(By.id("mission-progress")).getAttribute("value")).isEqualTo("0.5");
    }

    /** A state key's history, once opened, stays open when the panel reloads for a new value. */
    @Test
    void anOpenedStateHistoryOutlivesTheStatePanelsReload() {
        String name = uniqueName("console-history");
        deploy(agent(name));
        awaitEnded(invoke(name, "{\"who\": \"first\"}"));
        signIn(ADMIN_TOKEN);
        browser.get(Castellan.baseUrl() + "/console/#/processes/" + name);
        click(By.cssSelector("#state-keys tr[data-key='woken_by'] button"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("state-history"), "History of woken_by"));

        awaitEnded(invoke(name, "{\"who\": \"second\"}"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#state-keys tr[data-key='woken_by']"), "second"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("state-history"), "second"));
        assertThat(browser.findElement(By.id("state-history")).getText()).contains("History of woken_by", "first");
    }

    /** The versions panel: who deployed which version and why, the diff with the one before, a rollback. */
    @Test
    void versionsAreShownDiffedAndRolledBack() {
        String name = uniqueName("console-versions");
        admin().contentType("application/yaml").queryParam("reason", "first cut").body(VersionsIT.agent(name, "one")).post("/processes")
                .then().statusCode(201);
        admin().contentType("application/yaml").queryParam("reason", "say two").body(VersionsIT.agent(name, "two")).put("/processes/{name}", name)
                .then().statusCode(200);
        signIn(ADMIN_TOKEN);
        openFromFleet(name);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#versions-list tr[data-version='2']"), "say two"));
        assertThat(browser.findElement(By.cssSelector("#versions-list tr[data-version='2']")).getText()).contains("(current)");
        click(By.xpath("//tr[@data-version='2']//button[text()='Diff with 1']"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("version-diff"), "+  - {reply: 'two'}"));
        click(By.xpath("//tr[@data-version='1']//button[text()='Roll back to this']"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#versions-list tr[data-version='3']"), "rollback to version 1"));
        assertThat(browser.findElement(By.cssSelector("#versions-list tr[data-version='3']")).getText()).contains("(current)");
        assertThat(Browser.errors(browser)).isEmpty();
    }

    /** The memory panel: stored by an operator, found by meaning (with a score), forgotten. */
    @Test
    void aMemoryIsStoredFoundByMeaningAndForgotten() {
        String name = uniqueName("console-memory");
        deploy("name: %s\nmodel: scripted\nscript:\n  - {reply: ok}\n".formatted(name));
        MemoryIT.stored(name, MemoryIT.CAT);
        signIn(ADMIN_TOKEN);
        openFromFleet(name);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("memory-list"), "My cat likes to sleep"));
        browser.findElement(By.id("memory-text")).sendKeys(MemoryIT.OUTAGE);
        click(By.id("memory-store"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("memory-list"), "migration timed out"));
        browser.findElement(By.id("memory-query")).sendKeys("the schema upgrade took too long");
        click(By.id("memory-search"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#memory-list thead"), "Score"));
        WebElement first = browser.findElement(By.cssSelector("#memory-list tbody tr"));
        assertThat(first.getText()).contains("migration timed out");
        click(By.xpath("//table[@id='memory-list']//tr[contains(., 'migration timed out')]//button[text()='Forget']"));
        wait.until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(By.id("memory-list"), "migration timed out")));
        assertThat(admin().get("/processes/{name}/memories", name).then().extract().<java.util.List<?>>path("items")).hasSize(1);
        assertThat(Browser.errors(browser)).isEmpty();
    }

    /** plan_act_reflect in the invocation's page: the plan, each step's expectation beside its result, the reflection. */
    @Test
    void aPlanActReflectInvocationShowsItsPlanExpectationsAndReflection() {
        String name = uniqueName("console-par");
        deploy("""
                name: %s
                model: scripted
                protocol: plan_act_reflect
                tools: [state_set]
                script:
                  - {reply: '["note the weather", "say so"]'}
                  - {tool: state_set, args: {key: weather, value: sunny, expected_effect: 'weather becomes sunny'}}
                  - {reply: noted}
                  - {reply: 'It went as expected.'}
                """.formatted(name));
        String id = invoke(name, "{}");
        awaitEnded(id);
        signIn(ADMIN_TOKEN);
        browser.get(Castellan.baseUrl() + "/console/#/processes/" + name);
        click(By.cssSelector("#invocation-list tr[data-invocation='" + id + "'] a"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("invocation-plan"), "note the weather"));
        assertThat(browser.findElement(By.cssSelector("#steps thead")).getText()).contains("Expected");
        assertThat(browser.findElement(By.cssSelector("#steps tr.step")).getText()).contains("weather becomes sunny", "sunny");
        assertThat(browser.findElement(By.id("invocation-reflection")).getText()).isEqualTo("It went as expected.");
        assertThat(browser.findElement(By.id("invocation-reply")).getText()).isEqualTo("noted");
        assertThat(Browser.errors(browser)).isEmpty();
    }
}
