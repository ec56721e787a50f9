package io.castellan.it;

import static io.castellan.it.Castellan.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the console's browser tests share: one headless Chromium per class, signed out before each
 * test, no script errors after it, and the steps every test takes (sign in, open a process, click).
 */
abstract class ConsoleSession {

    static ChromeDriver browser;
    static WebDriverWait wait;

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

    static void signIn(String token) {
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.sendKeys(token);
        field.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("who-role")));
    }

    static WebElement fleetRow(String name) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#fleet tr[data-process='" + name + "']")));
    }

    /** Clicks what the locator finds once it can be clicked, again if a live update redrew it meanwhile. */
    static void click(By locator) {
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
    static void openFromFleet(String name) {
        click(By.cssSelector("#fleet tr[data-process='" + name + "'] a"));
        wait.until(ExpectedConditions.urlContains("#/processes/" + name));
    }

    /** Signs in as admin, opens the dead letters and returns the row of {@code id} once it is shown. */
    static By deadLetterRowAsAdmin(String id) {
        signIn(ADMIN_TOKEN);
        browser.findElement(By.linkText("Dead letters")).click();
        By row = By.cssSelector("#dead-letters tr[data-dead-letter='" + id + "']");
        wait.until(ExpectedConditions.presenceOfElementLocated(row));
        return row;
    }
}
