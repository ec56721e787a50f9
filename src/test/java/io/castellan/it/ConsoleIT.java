package io.castellan.it;

import static io.castellan.it.Castellan.ADMIN_TOKEN;
import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.process;
import static io.castellan.it.Castellan.tokenWithRole;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The admin console in a real browser against the test server: signing in, deploying, the fleet, roles, small breaks. */
class ConsoleIT extends ConsoleSession {

    @Test
    void aWrongTokenIsRefusedAndTheRightOneSignsIn() {
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.sendKeys("cst_wrong");
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-error"), "not valid"));

        field.clear();
        signIn(ADMIN_TOKEN);
        assertThat(browser.findElement(By.id("who-role")).getText()).isEqualTo("admin");
        assertThat(browser.executeScript("return sessionStorage.getItem('castellan.session')")).asString().contains(ADMIN_TOKEN);
    }

    @Test
    void deployShowsTheFieldErrorThenDeploysInvokesAndTheJournalUpdatesLive() throws Exception {
        String name = uniqueName("console");
        signIn(ADMIN_TOKEN);
        browser.findElement(By.id("nav-deploy")).click();
        WebElement editor = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("manifest")));

        // a cron schedule that is not one: the error names the field and marks its line
        String broken = agent(name).replace("0 4 * * *", "every morning");
        editor.clear();
        editor.sendKeys(broken);
        browser.findElement(By.id("deploy")).click();
        WebElement error = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#manifest-errors li[data-field='triggers[0].cron']")));
        assertThat(error.getText()).contains("triggers[0].cron").contains("line 5");
        assertThat(browser.findElements(By.cssSelector(".gutter .bad"))).extracting(WebElement::getText).containsExactly("5");
        assertThat(editor.getAttribute("aria-invalid")).isEqualTo("true");
        Browser.screenshot(browser, "deploy-validation-error");
        admin().get("/processes/{name}", name).then().statusCode(404);

        editor.clear();
        editor.sendKeys(agent(name));
        browser.findElement(By.id("deploy")).click();
        wait.until(ExpectedConditions.urlContains("#/processes/" + name));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("process-state"), "RUNNING"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#journal-entries li[data-type='PROCESS_DEPLOYED']")));

        // invoke from the page; the journal tail grows without a reload
        browser.executeScript("window.sameDocument = true");
        WebElement payload = browser.findElement(By.id("invoke-payload"));
        payload.clear();
        payload.sendKeys("{\"who\": \"selenium\"}");
        browser.findElement(By.id("invoke-button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#journal-entries li[data-type='INVOCATION_COMPLETED']")));
        assertThat(browser.executeScript("return window.sameDocument")).isEqualTo(true);
        List<String> types = browser.findElements(By.cssSelector("#journal-entries li")).stream().map(e -> e.getAttribute("data-type")).toList();
        assertThat(types).containsSubsequence("PROCESS_DEPLOYED", "TRIGGER_RECEIVED", "INVOCATION_STARTED", "STATE_CHANGED",
                "TOOL_RESULT", "INVOCATION_COMPLETED");

        // the invocation: the model's intent beside the host's execution, and the reply
        browser.findElement(By.cssSelector("#invoke-outcome a")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("invocation-reply"), "Hello selenium"));
        WebElement step = browser.findElement(By.cssSelector("#steps tr.step"));
        assertThat(step.findElements(By.tagName("td")).get(0).getText()).contains("state_set").contains("woken_by");
        assertThat(step.findElements(By.tagName("td")).get(1).getText()).contains("selenium");

        // the state the agent wrote, with its history
        click(By.cssSelector("#state-keys tr[data-key='woken_by'] button"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("state-history"), "agent:"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("budget-invocations"), "1"));
        assertThat(browser.executeScript("return window.Chart.getChart(document.getElementById('activity-chart')) !== undefined"))
                .as("the daily chart drawn by Chart.js from its WebJar").isEqualTo(true);
        Browser.screenshot(browser, "process-view");
    }

    @Test
    void pauseAndResumeChangeTheStateOnThePageAndOnTheServer() {
        String name = uniqueName("console-pause");
        deploy(agent(name));
        signIn(ADMIN_TOKEN);
        openFromFleet(name);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("process-state"), "RUNNING"));

        click(By.id("action-pause"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("process-state"), "PAUSED"));
        assertThat(process(name).getString("state")).isEqualTo("PAUSED");

        click(By.id("action-resume"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("process-state"), "RUNNING"));
        assertThat(process(name).getString("state")).isEqualTo("RUNNING");
    }

    @Test
    void theFleetUpdatesLiveAndFilters() throws Exception {
        signIn(ADMIN_TOKEN);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".live"), "live"));
        String name = uniqueName("console-fleet");
        browser.executeScript("window.sameDocument = true");
        deploy(agent(name));
        WebElement row = fleetRow(name);
        assertThat(row.getText()).contains("RUNNING").contains("cron 0 4 * * *");

        admin().post("/processes/{name}/pause", name).then().statusCode(200);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#fleet tr[data-process='" + name + "']"), "PAUSED"));
        assertThat(browser.executeScript("return window.sameDocument")).isEqualTo(true);

        Browser.screenshot(browser, "fleet-view");
        browser.findElement(By.id("fleet-filter")).sendKeys(name);
        wait.until(d -> d.findElements(By.cssSelector("#fleet tbody tr")).size() == 1);
        browser.findElement(By.id("fleet-filter")).clear();
        browser.findElement(By.id("fleet-filter")).sendKeys("no-such-process-anywhere");
        wait.until(d -> d.findElements(By.cssSelector("#fleet tbody tr")).isEmpty());
    }

    @Test
    void aViewerSeesEverythingButIsOfferedNoAction() {
        String name = uniqueName("console-viewer");
        deploy(agent(name));
        signIn(tokenWithRole("viewer"));
        assertThat(browser.findElement(By.id("who-role")).getText()).isEqualTo("viewer");
        assertThat(browser.findElement(By.id("nav-deploy")).isDisplayed()).isFalse();

        openFromFleet(name);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("process-state"), "RUNNING"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#journal-entries li")));
        assertThat(browser.findElements(By.id("action-pause"))).isEmpty();
        assertThat(browser.findElements(By.id("action-edit"))).isEmpty();
        assertThat(browser.findElement(By.id("invoke")).isDisplayed()).isFalse();

        browser.get(Castellan.baseUrl() + "/console/#/deploy");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("manifest")));
        assertThat(browser.findElements(By.id("deploy"))).isEmpty();
    }

    /** The small breaks a first hour found: each stays fixed. */
    @Test
    void anUnknownProcessAMissionlessOneAndAnOldToastBreakNothing() {
        signIn(ADMIN_TOKEN);
        // an unknown process: what is wrong, and no panel to invoke, list or follow
        browser.get(Castellan.baseUrl() + "/console/#/processes/no-such-process-here");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "does not exist"));
        assertThat(browser.findElement(By.id("invoke")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("invocations")).isDisplayed()).isFalse();

        // a process without a mission: no request for its mission, so no 404 in the browser's log
        String name = uniqueName("console-nomission");
        deploy(agent(name));
        Browser.failedLoads(browser);
        browser.get(Castellan.baseUrl() + "/console/#/processes/" + name);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("process-state"), "RUNNING"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#journal-entries li")));
        assertThat(Browser.failedLoads(browser)).noneMatch(message -> message.contains("/mission"));
        assertThat(browser.findElement(By.id("mission")).isDisplayed()).isFalse();

        // an error toast from before does not cover the field errors of the next answer
        browser.findElement(By.id("nav-deploy")).click();
        WebElement editor = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("manifest")));
        browser.executeScript("document.getElementById('toast').dataset.kind = 'error';"
                + "document.getElementById('toast').textContent = 'an old error';");
        editor.clear();
        editor.sendKeys("name: Bad Name\nmodel: scripted\nscript: [{reply: x}]\n");
        browser.findElement(By.id("deploy")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#manifest-errors li[data-field='name']")));
        assertThat(browser.findElement(By.id("toast")).getText()).isEmpty();

        // what was typed survives going elsewhere and coming back
        browser.get(Castellan.baseUrl() + "/console/#/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("nav-deploy")));
        browser.findElement(By.id("nav-deploy")).click();
        WebElement again = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("manifest")));
        assertThat(again.getAttribute("value")).startsWith("name: Bad Name");
    }

    /** Deploying a name that exists offers, in words, what castellan deploy does: a new version of it. */
    @Test
    void deployingATakenNameOffersANewVersionInWords() {
        String name = uniqueName("console-again");
        deploy(agent(name));
        signIn(ADMIN_TOKEN);
        browser.findElement(By.id("nav-deploy")).click();
        WebElement editor = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("manifest")));
        editor.clear();
        editor.sendKeys(agent(name).replace("Counts its wake-ups", "Counts its wake-ups again"));
        browser.findElement(By.id("deploy")).click();

        WebElement conflict = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("deploy-conflict")));
        assertThat(conflict.getText()).contains("A process named " + name + " already exists (version 1");
        assertThat(browser.getPageSource()).doesNotContain("use PUT");
        WebElement again = browser.findElement(By.id("deploy-new-version"));
        assertThat(again.getText()).isEqualTo("Deploy as version 2 of " + name);
        again.click();
        wait.until(ExpectedConditions.urlContains("#/processes/" + name));
        await().atMost(Duration.ofSeconds(30)).until(() -> process(name).getInt("version") == 2);
    }

    @Test
    void onAPhoneSizedWindowNothingIsWiderThanTheScreen() throws Exception {
        String name = uniqueName("console-phone");
        deploy(agent(name));
        browser.manage().window().setSize(new Dimension(390, 844));
        signIn(ADMIN_TOKEN);
        fleetRow(name);
        assertThat((Boolean) browser.executeScript("return document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
        browser.get(Castellan.baseUrl() + "/console/#/processes/" + name);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("process-state"), "RUNNING"));
        assertThat((Boolean) browser.executeScript("return document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
        Path shot = Browser.screenshot(browser, "process-view-phone");
        assertThat(Files.size(shot)).isPositive();
    }
}
