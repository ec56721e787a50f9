package io.castellan.it;

import static io.castellan.it.Castellan.ADMIN_TOKEN;
import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.awaitRunning;
import static io.castellan.it.Castellan.deadLetterOfStopped;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invocation;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The console's operator actions in a real browser: dead letters, approvals, the inbox and ask, cancel, live answers. */
class ConsoleOperationsIT extends ConsoleSession {

    /** Answers after 30 s, so an invocation calling it is still running when the test cancels it. */
    static final Receiver SLOW = new Receiver(30_000);

    @org.junit.jupiter.api.extension.RegisterExtension
    static final ProviderStub STUB = new ProviderStub();

    @AfterAll
    static void closeSlowReceiver() {
        SLOW.close();
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
        STUB.enqueue(name, ProviderAnswers.text(ProviderStub.Protocol.OPENAI, answer));
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
}
