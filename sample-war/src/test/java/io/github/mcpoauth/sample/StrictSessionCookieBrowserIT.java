package io.github.mcpoauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.NoSuchWindowException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The popup flow in a real headless Chromium when the app's session cookie is {@code SameSite=Strict}
 * and the consent page is on another site: the dashboard at {@code http://localhost:<port>/}, the demo
 * server and its authorization server added as {@code http://127.0.0.1:<port>/demo/mcp} (another
 * host, so another site). The authorization server's redirect to the callback is then cross-site and
 * arrives without the cookie; the module's same-site bounce brings it along. The server must end
 * ready, and the app's session cookie must be the one it was (no new session replaced it). Also the
 * module's built-in end page (the callback's target where an app configured none), in the same browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictSessionCookieBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NAME = "strict-demo";

    private SampleApp app;
    private Path profile;
    private Path screenshots;
    private ChromeDriver driver;

    @BeforeAll
    void startSampleAndBrowser() throws Exception {
        Chromium.assumeInstalled();
        screenshots = Path.of(System.getProperty("sample.screenshots", "target/e2e-screenshots"));
        Files.createDirectories(screenshots);
        app = SampleApp.start();
        app.strictSessionCookie();
        profile = Files.createTempDirectory("strict-chromium");
        driver = Chromium.start(profile, screenshots.resolve("chromedriver-strict.log"));
    }

    @AfterAll
    void stopBrowserAndSample() throws Exception {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            try {
                if (app != null) {
                    app.close();
                }
            } finally {
                if (profile != null) {
                    TestFiles.deleteTree(profile);
                }
                if (app != null) {
                    TestFiles.deleteTree(app.dataDir());
                }
            }
        }
    }

    @Test
    void aStrictSessionCookieStillCompletesThePopupFlowAndKeepsTheUsersSession() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        driver.get(app.origin() + "/");
        String dashboard = driver.getWindowHandle();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-servers")));
        Cookie session = wait.until(d -> d.manage().getCookieNamed("JSESSIONID"));
        assertEquals("Strict", session.getSameSite(), "the setup did not make the session cookie Strict");

        String url = "http://127.0.0.1:" + app.port() + "/demo/mcp";
        driver.findElement(By.id("server-name")).sendKeys(NAME);
        driver.findElement(By.id("server-url")).sendKeys(url);
        driver.findElement(By.id("add-server")).click();
        WebElement server = wait.until(d -> server(d));
        waitForState(wait, "authenticating");

        Set<String> before = driver.getWindowHandles();
        wait.until(ExpectedConditions.elementToBeClickable(server.findElement(By.className("authorize")))).click();
        String popup = wait.until(d -> {
            Set<String> opened = new HashSet<>(d.getWindowHandles());
            opened.removeAll(before);
            return opened.isEmpty() ? null : opened.iterator().next();
        });
        driver.switchTo().window(popup);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("approve")));
        assertEquals("127.0.0.1", java.net.URI.create(driver.getCurrentUrl()).getHost(), "the consent page is cross-site");
        try {
            driver.findElement(By.id("approve")).click();
        } catch (NoSuchWindowException e) {
            // the popup may close itself before the click's navigation wait ends: that is the goal
        }
        new WebDriverWait(driver, WAIT).withMessage("the popup did not close itself")
                .until(d -> d.getWindowHandles().size() == before.size());
        driver.switchTo().window(dashboard);

        waitForState(wait, "ready");
        screenshot("strict-session-cookie-ready");
        Cookie after = driver.manage().getCookieNamed("JSESSIONID");
        assertNotNull(after, "the app's session cookie is gone");
        assertEquals(session.getValue(), after.getValue(), "the app's session cookie was replaced");
    }

    @Test
    void theBuiltInEndPageTellsItsSameOriginOpenerAndClosesThePopup() {
        driver.get(app.origin() + "/");
        String dashboard = driver.getWindowHandle();
        Set<String> before = driver.getWindowHandles();
        driver.executeScript("""
                window.__outcomes = [];
                window.addEventListener("message", (e) => window.__outcomes.push({ origin: e.origin, data: e.data }));
                window.open("/mcp-client/done?error=" + encodeURIComponent("<b>denied</b>"), "done", "popup");
                """);
        new WebDriverWait(driver, WAIT).withMessage("the end page did not close its popup")
                .until(d -> d.getWindowHandles().size() == before.size());
        driver.switchTo().window(dashboard);
        Object outcomes = new WebDriverWait(driver, WAIT).withMessage("the opener was not told").until(d ->
                driver.executeScript("return window.__outcomes.length ? JSON.stringify(window.__outcomes) : null;"));
        assertEquals("[{\"origin\":\"" + app.origin() + "\",\"data\":{\"type\":\"mcp-oauth-callback\","
                + "\"serverId\":null,\"state\":null,\"error\":\"<b>denied</b>\"}}]", outcomes);
    }

    private static WebElement server(WebDriver d) {
        List<WebElement> found = d.findElements(By.cssSelector("#servers li.server")).stream()
                .filter(li -> NAME.equals(li.findElement(By.className("server-name")).getDomProperty("textContent")))
                .toList();
        return found.size() == 1 ? found.get(0) : null;
    }

    private void waitForState(WebDriverWait wait, String state) {
        wait.withMessage(() -> "server " + NAME + " is not " + state + ": " + describe()).until(d -> {
            WebElement server = server(d);
            return server != null && state.equals(server.getDomAttribute("data-state"));
        });
    }

    private String describe() {
        WebElement server = server(driver);
        return server == null ? "not listed" : server.getDomAttribute("data-state") + " ("
                + server.findElement(By.className("server-error")).getDomProperty("textContent") + ")";
    }

    private void screenshot(String name) {
        try {
            Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
