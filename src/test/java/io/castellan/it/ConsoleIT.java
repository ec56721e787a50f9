package io.castellan.it;

import static io.castellan.it.Castellan.ADMIN_TOKEN;
import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.awaitRunning;
import static io.castellan.it.Castellan.deadLetterOfStopped;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invocation;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.process;
import static io.castellan.it.Castellan.tokenWithRole;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The admin console in a real browser against the test server. */
class ConsoleIT {

    /** Answers after 30 s, so an invocation calling it is still running when the test cancels it. */
    static final Receiver SLOW = new Receiver(30_000);

    @org.junit.jupiter.api.extension.RegisterExtension
    static final ProviderStub STUB = new ProviderStub();

    private static ChromeDriver browser;
    private static WebDriverWait wait;

    static String agent(String name) {
        return """
                name: %s
                description: Counts its wake-ups
                model: scripted
                tools: [state_set]
                triggers: [{cron: "0 4 * * *"}]
                script:
                  - {tool: state_set, args: {key: woken_by, value: "{{trigger.payload.who}}"}}
                  - reply: "Hello {{trigger.payload.who}}"
                """.formatted(name);
    }

    @BeforeAll
    static void openBrowser() {
        browser = Browser.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterAll
    static void closeBrowser() {
        SLOW.close();
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.manage().window().setSize(new Dimension(1280, 800));
        browser.get(Castellan.baseUrl() + "/console/");
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
    }

    @AfterEach
    void noScriptErrors() {
        assertThat(Browser.errors(browser)).as("errors in the browser's console").isEmpty();
    }

    private static void signIn(String token) {
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.sendKeys(token);
        field.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("who-role")));
    }

    private static WebElement fleetRow(String name) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#fleet tr[data-process='" + name + "']")));
    }

    /** Clicks what the locator finds once it can be clicked, again if a live update redrew it meanwhile. */
    private static void click(By locator) {
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement element = ExpectedConditions.elementToBeClickable(locator).apply(d);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /** Opens a process from the fleet table. */
    private static void openFromFleet(String name) {
        click(By.cssSelector("#fleet tr[data-process='" + name + "'] a"));
        wait.until(ExpectedConditions.urlContains("#/processes/" + name));
    }

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

    @Test
    void aDeadLetterIsListedAndReplayed() {
        String name = uniqueName("console-dlq");
        String id = (String) deadLetterOfStopped(name, 7).get("id");
        admin().post("/processes/{name}/start", name).then().statusCode(200);

        By row = deadLetterRowAsAdmin(id);
        assertThat(browser.findElement(row).getText()).contains(name).contains("STOPPED");
        assertThat(browser.findElements(By.cssSelector("#dead-letters th"))).extracting(WebElement::getText).contains("Attempts");
        assertThat(browser.findElement(row).findElements(By.cssSelector("td.attempts"))).hasSize(1);
        browser.findElement(row).findElement(By.xpath(".//button[text()='Replay']")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(row, 0));

        admin().get("/dead-letters/{id}", id).then().statusCode(404);
        String replayed = Castellan.awaitAnInvocation(name);
        assertThat(awaitEnded(replayed).getString("reply")).isEqualTo("got 7");
    }

    @Test
    void aPendingApprovalIsDecidedOnItsPage() {
        String name = uniqueName("console-approve");
        deploy(ApprovalIT.requesting(name, ""));
        String id = invoke(name, "{\"what\": \"the release\"}");
        String approval = (String) ApprovalIT.pendingOf(name).get("id");

        signIn(ADMIN_TOKEN);
        browser.findElement(By.linkText("Approvals")).click();
        By card = By.cssSelector("#approvals section[data-approval='" + approval + "']");
        wait.until(ExpectedConditions.presenceOfElementLocated(card));
        assertThat(browser.findElement(card).getText()).contains("ship the release?", name, "the release");
        // a rejection must say why: without a comment nothing is sent
        browser.findElement(card).findElement(By.xpath(".//button[text()='Reject']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Say why"));
        admin().get("/approvals/{id}", approval).then().body("state", org.hamcrest.Matchers.equalTo("pending"));

        browser.findElement(By.id("comment-" + approval)).sendKeys("looks good");
        browser.findElement(card).findElement(By.xpath(".//button[text()='Approve']")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(card, 0));
        assertThat(awaitEnded(id).getString("reply")).startsWith("approved by ").endsWith(": looks good");
        admin().get("/approvals/{id}", approval).then().body("decided_via", org.hamcrest.Matchers.equalTo("console"));
    }

    @Test
    void anOperatorTellsARunningProcessSomethingAndAsksAnother() {
        String name = uniqueName("console-inbox");
        deploy(ApprovalIT.requesting(name, "").replace("{{steps.0.result.decision}} by", "{{#inbox}}{{message}} {{/inbox}}{{steps.0.result.decision}} by"));
        String id = invoke(name, "{\"what\": \"x\"}");
        String approval = (String) ApprovalIT.pendingOf(name).get("id");

        signIn(ADMIN_TOKEN);
        browser.get(Castellan.baseUrl() + "/console/#/processes/" + name);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message-text"))).sendKeys("mind the gap");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("message-priority"))).selectByValue("high");
        browser.findElement(By.id("message-send")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("inbox-pending"), "mind the gap"));
        assertThat(browser.findElement(By.id("inbox-pending")).getText()).contains("high");
        admin().contentType("application/json").body("{}").post("/approvals/{id}/approve", approval).then().statusCode(200);
        assertThat(awaitEnded(id).getString("reply")).startsWith("mind the gap approved by ");

        String asked = uniqueName("console-ask");
        deploy("name: %s\nmodel: scripted\nscript:\n  - {reply: 'you asked: {{trigger.payload.question}}'}\n".formatted(asked));
        browser.get(Castellan.baseUrl() + "/console/#/processes/" + asked);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("ask-question"))).sendKeys("how are you?");
        browser.findElement(By.id("ask-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ask-answer"), "you asked: how are you?"));
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

    /** Signs in as admin, opens the dead letters and returns the row of {@code id} once it is shown. */
    private By deadLetterRowAsAdmin(String id) {
        signIn(ADMIN_TOKEN);
        browser.findElement(By.linkText("Dead letters")).click();
        By row = By.cssSelector("#dead-letters tr[data-dead-letter='" + id + "']");
        wait.until(ExpectedConditions.presenceOfElementLocated(row));
        return row;
    }

    /** A dead letter of a deleted process can only be discarded: there is nothing to replay it on. */
    @Test
    void aDeadLetterOfADeletedProcessOffersDiscardOnly() {
        String name = uniqueName("console-gone");
        String id = (String) deadLetterOfStopped(name, 0).get("id");
        admin().delete("/processes/{name}", name).then().statusCode(204);

        By row = deadLetterRowAsAdmin(id);
        assertThat(browser.findElement(row).getText()).contains(name).contains("deleted");
        assertThat(browser.findElement(row).findElements(By.xpath(".//button[text()='Replay']"))).isEmpty();
        browser.findElement(row).findElement(By.xpath(".//button[text()='Discard']")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(row, 0));
        admin().get("/dead-letters/{id}", id).then().statusCode(404);
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

    /** An invocation that completed after a failed tool call says so in the list, where an operator looks first. */
    @Test
    void anInvocationThatCompletedWithToolErrorsIsMarkedSo() {
        String name = uniqueName("console-toolerr");
        deploy("""
                name: %s
                model: scripted
                tools: [http_request]
                script:
                  - {tool: http_request, args: {url: 'http://not-allowed.example/x'}}
                  - {reply: done anyway}
                """.formatted(name));
        String id = invoke(name, "{}");
        awaitEnded(id);

        signIn(ADMIN_TOKEN);
        browser.get(Castellan.baseUrl() + "/console/#/processes/" + name);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#invocation-list tr[data-invocation='" + id + "']"),
                "COMPLETED with 1 tool error"));
    }

    @Test
    void anAnswerIsShownWhileItIsWritten() {
        String name = uniqueName("console-stream");
        String answer = "Slowly and surely the answer appears on the page one word after another";
        STUB.streamPause(name, 250);
        STUB.enqueue(name, ProviderStub.text(ProviderStub.Protocol.OPENAI, answer));
        deploy("""
                name: %s
                model: %s
                model_options: {base_url: '%s', api_key: '${%s}', stream: true}
                """.formatted(name, ProviderStub.Protocol.OPENAI.model, ProviderStub.Protocol.OPENAI.baseUrl(STUB, name),
                ModelProvidersIT.KEY_VARIABLE));
        String id = invoke(name, "{}");

        signIn(ADMIN_TOKEN);
        browser.get(Castellan.baseUrl() + "/console/#/processes/" + name);
        click(By.cssSelector("#invocation-list tr[data-invocation='" + id + "'] a"));
        // some of it, before all of it: the page shows the answer as the model writes it
        wait.until(d -> {
            String shown = d.findElement(By.id("invocation-live")).getText();
            return !shown.isEmpty() && answer.startsWith(shown) && !shown.equals(answer);
        });
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("invocation-reply"), answer));
    }

    @Test
    void aRunningInvocationIsCancelledFromItsPage() {
        String name = uniqueName("console-cancel");
        deploy("""
                name: %s
                model: scripted
                tools: [http_request]
                network: {allow: [127.0.0.1]}
                script:
                  - {tool: http_request, args: {url: '%s', timeout_ms: 60000}}
                  - {reply: done}
                """.formatted(name, SLOW.url("/slow")));
        String id = invoke(name, "{}");
        awaitRunning(id);

        signIn(ADMIN_TOKEN);
        browser.get(Castellan.baseUrl() + "/console/#/processes/" + name);
        click(By.cssSelector("#invocation-list tr[data-invocation='" + id + "'] a"));
        click(By.id("action-cancel"));

        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(invocation(id).getString("status")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#invocation-list tr[data-invocation='" + id + "']"), "CANCELLED"));
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
