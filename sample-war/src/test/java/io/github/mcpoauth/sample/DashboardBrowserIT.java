package io.github.mcpoauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchWindowException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sample's dashboard in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, never a downloaded one), the way a user evaluates the module: add the
 * demo server, authorize it in the popup, watch it turn ready over the WebSocket, call its tools;
 * deny a second one; disconnect; a second tab of the same session; a server name that looks like
 * HTML.
 *
 * <p>The steps are one user's session, in order, in one browser: each method is one step and
 * relies on the ones before it, so after a failed step the rest are skipped rather than failing
 * for the same cause. Every step saves a full-page screenshot to {@code sample.screenshots} (a
 * failed step saves {@code failed-<step>.png}), next to chromedriver's log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CLIENT_NAME = "mcp-oauth-filter sample"; // web.xml's McpOAuthFilter init-param
    private static final String DENIED = "demo-denied";
    private static final String HTML_NAME = "<script>window.__xss=1</script><img src=x onerror=window.__xss=1>";

    @RegisterExtension
    final StepFailures failures = new StepFailures();

    private SampleApp app;
    private Path profile;
    private Path screenshots;
    private WebDriver driver;
    private WebDriverWait wait;
    private String dashboard; // the first tab's window handle

    @BeforeAll
    void startSampleAndBrowser() throws Exception {
        Chromium.assumeInstalled();
        screenshots = Path.of(System.getProperty("sample.screenshots", "target/e2e-screenshots"));
        Files.createDirectories(screenshots);
        app = SampleApp.start();
        profile = Files.createTempDirectory("dashboard-chromium");
        driver = Chromium.start(profile, screenshots.resolve("chromedriver.log"));
        wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
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
                deleteQuietly(profile);
                if (app != null) {
                    deleteQuietly(app.dataDir());
                }
            }
        }
    }

    @BeforeEach
    void earlierStepsPassed() {
        Assumptions.assumeTrue(failures.first == null,
                () -> "skipped: the earlier step " + failures.first + " failed, and this one builds on it");
    }

    @Test
    @Order(1)
    void emptyDashboardSaysThereAreNoServers() {
        driver.get(app.origin() + "/");
        dashboard = driver.getWindowHandle();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-servers")));
        assertTrue(driver.findElements(By.cssSelector("#servers li.server")).isEmpty());
        assertFalse(driver.findElement(By.id("add-error")).isDisplayed());
        // Set once; every later step checks it is still there, i.e. the page was never reloaded.
        js("window.__marker = 1;");
        screenshot("01-empty-dashboard");
    }

    @Test
    @Order(2)
    void addingTheDemoServerShowsItAuthenticatingWithAnAuthorizeButton() {
        driver.findElement(By.id("add-demo")).click();
        WebElement demo = server("demo");
        waitForState(demo, "authenticating");
        assertEquals(app.origin() + "/demo/mcp", demo.findElement(By.className("server-url")).getText());
        wait.until(ExpectedConditions.visibilityOf(demo.findElement(By.className("authorize"))));
        assertFalse(demo.findElement(By.className("retry")).isDisplayed());
        assertFalse(driver.findElement(By.id("no-servers")).isDisplayed());
        screenshot("02-demo-added-authenticating");
    }

    @Test
    @Order(3)
    void approvingInThePopupShowsTheConfiguredClientNameAndThePopupClosesItself() {
        authorizeInPopup(server("demo"), "approve", "03-consent-popup");
    }

    @Test
    @Order(4)
    void demoServerTurnsReadyWithItsToolsWithoutAReload() {
        WebElement demo = server("demo");
        waitForState(demo, "ready");
        for (String name : List.of("echo", "add", "whoami", "greet")) {
            wait.until(d -> tool(demo, name).isDisplayed());
        }
        assertFalse(demo.findElement(By.className("authorize")).isDisplayed());
        assertFalse(demo.findElement(By.className("server-error")).isDisplayed());
        assertPageNotReloaded();
        screenshot("04-ready-with-tools");
    }

    @Test
    @Order(5)
    void callingToolsShowsTheirResultsOnThePage() {
        WebElement demo = server("demo");
        assertEquals("hello from chromium", callTool(demo, "echo", "{\"text\":\"hello from chromium\"}"));
        assertEquals("5", callTool(demo, "add", "{\"a\":2,\"b\":3}"));
        String whoami = callTool(demo, "whoami", "{}");
        assertTrue(whoami.contains("demo-user"), whoami);
        assertTrue(whoami.contains(CLIENT_NAME), whoami);
        assertPageNotReloaded();
        screenshot("05-tool-result");
    }

    @Test
    @Order(6)
    void denyingASecondServerInThePopupMarksItFailedWithTheReasonAndARetryButton() {
        String url = app.origin() + "/demo/mcp";
        driver.findElement(By.id("server-name")).sendKeys(DENIED);
        driver.findElement(By.id("server-url")).sendKeys(url);
        driver.findElement(By.id("add-server")).click();
        WebElement denied = server(DENIED);
        waitForState(denied, "authenticating");
        assertEquals(url, denied.findElement(By.className("server-url")).getText());
        wait.until(d -> driver.findElement(By.id("server-name")).getDomProperty("value").isEmpty()); // the form was reset
        assertFalse(driver.findElement(By.id("add-error")).isDisplayed());

        authorizeInPopup(denied, "deny", null);

        waitForState(denied, "failed");
        WebElement error = denied.findElement(By.className("server-error"));
        wait.until(ExpectedConditions.visibilityOf(error));
        // the module passes the authorization server's error and description through
        assertTrue(error.getText().contains("access_denied"), error.getText());
        assertTrue(error.getText().contains("The user denied access"), error.getText());
        assertTrue(denied.findElement(By.className("retry")).isDisplayed());
        assertFalse(denied.findElement(By.className("authorize")).isDisplayed());
        assertTrue(denied.findElements(By.cssSelector("li.tool")).isEmpty());
        assertEquals("ready", server("demo").getDomAttribute("data-state"));
        assertPageNotReloaded();
        screenshot("06-second-server-denied-failed");
    }

    @Test
    @Order(7)
    void disconnectRemovesTheServerLiveAndLeavesTheOtherReady() {
        WebElement denied = server(DENIED);
        denied.findElement(By.className("disconnect")).click();
        wait.until(ExpectedConditions.stalenessOf(denied));
        assertTrue(servers(DENIED).isEmpty());
        WebElement demo = server("demo");
        assertEquals("ready", demo.getDomAttribute("data-state"));
        assertEquals(4, demo.findElements(By.cssSelector("li.tool")).size());
        assertEquals(1, driver.findElements(By.cssSelector("#servers li.server")).size());
        assertPageNotReloaded();
        screenshot("07-disconnected");
    }

    @Test
    @Order(8)
    void aSecondTabOfTheSameSessionSeesTheSameServersAndTheirChangesLive() {
        driver.switchTo().newWindow(WindowType.TAB);
        String second = driver.getWindowHandle();
        try {
            driver.get(app.origin() + "/");
            WebElement demo = server("demo");
            waitForState(demo, "ready");
            wait.until(d -> tool(demo, "echo").isDisplayed());

            // added in the second tab, it shows up in the first one
            driver.findElement(By.id("server-name")).sendKeys("second-tab");
            driver.findElement(By.id("server-url")).sendKeys(app.origin() + "/demo/mcp");
            driver.findElement(By.id("add-server")).click();
            waitForState(server("second-tab"), "authenticating");
            screenshot("08-second-tab");

            driver.switchTo().window(dashboard);
            waitForState(server("second-tab"), "authenticating");
            assertPageNotReloaded();

            // disconnected in the first tab, it goes away in the second one
            server("second-tab").findElement(By.className("disconnect")).click();
            wait.until(d -> servers("second-tab").isEmpty());
            driver.switchTo().window(second);
            wait.until(d -> servers("second-tab").isEmpty());
            assertEquals("ready", server("demo").getDomAttribute("data-state"));
            screenshot("09-second-tab-after-disconnect");
        } finally {
            try {
                driver.switchTo().window(second).close();
            } catch (NoSuchWindowException e) {
                // already gone
            }
            driver.switchTo().window(dashboard);
        }
    }

    @Test
    @Order(9)
    void aServerNameThatLooksLikeHtmlIsShownAsText() {
        driver.findElement(By.id("server-name")).sendKeys(HTML_NAME);
        driver.findElement(By.id("server-url")).sendKeys(app.origin() + "/demo/mcp");
        driver.findElement(By.id("add-server")).click();
        WebElement html = server(HTML_NAME);
        waitForState(html, "authenticating");
        WebElement name = html.findElement(By.className("server-name"));
        assertEquals(HTML_NAME, name.getDomProperty("textContent"));
        assertTrue(name.findElements(By.xpath("./*")).isEmpty(), "the name became elements: " + name.getDomProperty("innerHTML"));
        // The page's CSP would stop an injected handler anyway; the two checks above are the real proof.
        assertNull(js("return window.__xss;"));
        assertPageNotReloaded();
        screenshot("10-html-name-as-text");
    }

    // --- the popup

    /**
     * Clicks the server's Authorize button, answers the consent page in the popup with
     * {@code decision} ({@code approve} or {@code deny}) and waits for the popup to close itself.
     */
    private void authorizeInPopup(WebElement server, String decision, String consentScreenshot) {
        Set<String> before = driver.getWindowHandles();
        WebElement authorize = server.findElement(By.className("authorize"));
        wait.until(ExpectedConditions.elementToBeClickable(authorize)).click();
        String popup = wait.until(d -> {
            Set<String> opened = new HashSet<>(d.getWindowHandles());
            opened.removeAll(before);
            return opened.isEmpty() ? null : opened.iterator().next();
        });
        driver.switchTo().window(popup);
        WebElement clientName = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("client-name")));
        // the client name registered through DCR comes from the filter's init-param in web.xml
        assertEquals(CLIENT_NAME, clientName.getText());
        if (consentScreenshot != null) {
            screenshot(consentScreenshot);
        }
        try {
            driver.findElement(By.id(decision)).click();
        } catch (NoSuchWindowException e) {
            // auth-done.html may close the popup before the click's navigation wait ends: that is the goal
        }
        waitFor(() -> "the popup did not close itself").until(d -> d.getWindowHandles().size() == before.size());
        driver.switchTo().window(dashboard);
    }

    // --- the dashboard's DOM

    /** The one {@code li.server} named {@code name}, waiting for it to appear. */
    private WebElement server(String name) {
        return waitFor(() -> "no server named " + name).until(d -> {
            List<WebElement> found = servers(name);
            return found.size() == 1 ? found.get(0) : null;
        });
    }

    private List<WebElement> servers(String name) {
        return driver.findElements(By.cssSelector("#servers li.server")).stream()
                .filter(li -> name.equals(li.findElement(By.className("server-name")).getDomProperty("textContent")))
                .toList();
    }

    private void waitForState(WebElement server, String state) {
        waitFor(() -> "server state is " + server.getDomAttribute("data-state") + " (error: "
                        + server.findElement(By.className("server-error")).getDomProperty("textContent")
                        + "), expected " + state)
                .until(d -> state.equals(server.getDomAttribute("data-state")));
    }

    /** A bounded wait ({@link #WAIT}) that ignores elements being replaced and names what it waited for. */
    private WebDriverWait waitFor(Supplier<String> what) {
        WebDriverWait w = new WebDriverWait(driver, WAIT);
        w.ignoring(StaleElementReferenceException.class);
        w.withMessage(what);
        return w;
    }

    private static WebElement tool(WebElement server, String name) {
        return server.findElement(By.cssSelector("ul.tools li.tool[data-tool='" + name + "']"));
    }

    /** Types {@code arguments} into the tool's form, calls it and returns the text of its result. */
    @Test
    @Order(10)
    void aToolThatAsksTheUserShowsAFormWhoseAnswerReachesTheServer() {
        WebElement item = tool(server("demo"), "greet");
        WebElement result = item.findElement(By.cssSelector("pre.tool-result"));
        item.findElement(By.className("call-tool")).click();
        WebElement form = wait.until(d -> d.findElements(By.cssSelector("#elicitations form.mcp-elicitation"))
                .stream().findFirst().orElse(null));
        assertTrue(driver.findElement(By.id("elicitations-section")).isDisplayed());
        assertTrue(form.getText().contains("What is your name?"), form.getText());
        screenshot("10-elicitation-form");

        // the module refuses an answer without the required name; the form stays, saying why
        form.findElement(By.className("mcp-elicitation-accept")).click();
        WebElement error = form.findElement(By.className("mcp-elicitation-error"));
        wait.until(ExpectedConditions.visibilityOf(error));
        assertTrue(error.getText().contains("name"), error.getText());

        form.findElement(By.name("name")).sendKeys("Chromium");
        form.findElement(By.className("mcp-elicitation-accept")).click();
        wait.until(ExpectedConditions.stalenessOf(form));
        String greeting = waitFor(() -> "greet gave no result; shown: " + result.getText()).until(d -> {
            String text = result.isDisplayed() ? result.getText() : "";
            return text.isEmpty() || text.startsWith("Calling ") ? null : text;
        });
        assertEquals("Hello, Chromium.", greeting);
        assertFalse(driver.findElement(By.id("elicitations-section")).isDisplayed());
        assertPageNotReloaded();
        screenshot("10-elicitation-answered");
    }

    private String callTool(WebElement server, String name, String arguments) {
        WebElement item = tool(server, name);
        WebElement args = item.findElement(By.cssSelector("textarea.tool-args"));
        args.clear();
        args.sendKeys(arguments);
        WebElement result = item.findElement(By.cssSelector("pre.tool-result"));
        // the submit handler shows "Calling <tool>…" at once, then the answer
        item.findElement(By.className("call-tool")).click();
        return waitFor(() -> name + " gave no result; shown: " + result.getText()).until(d -> {
            String text = result.isDisplayed() ? result.getText() : "";
            return text.isEmpty() || text.startsWith("Calling ") ? null : text;
        });
    }

    private void assertPageNotReloaded() {
        assertEquals(1L, js("return window.__marker;"), "the dashboard was reloaded");
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    // --- screenshots

    /** Saves the current window's whole page (not just the viewport) as {@code <name>.png}. */
    private void screenshot(String name) {
        byte[] png;
        try {
            png = fullPage();
        } catch (WebDriverException | ClassCastException | NullPointerException e) {
            png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES); // the viewport only
        }
        try {
            Files.write(screenshots.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page at its full height, through the DevTools commands chromedriver relays itself. */
    private byte[] fullPage() {
        ChromeDriver chrome = (ChromeDriver) driver;
        Map<String, Object> metrics = chrome.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<?, ?> content = (Map<?, ?>) metrics.get("cssContentSize");
        Map<?, ?> viewport = (Map<?, ?>) metrics.get("cssLayoutViewport");
        double width = Math.max(number(content, "width"), number(viewport, "clientWidth"));
        double height = Math.min(Math.max(number(content, "height"), number(viewport, "clientHeight")), 8000);
        Map<String, Object> shot = chrome.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        return Base64.getDecoder().decode((String) shot.get("data"));
    }

    private static double number(Map<?, ?> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }

    /** Records the first failed step (later ones are skipped) and saves a screenshot of it. */
    final class StepFailures implements TestExecutionExceptionHandler {

        volatile String first;

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            if (failure instanceof TestAbortedException) {
                throw failure;
            }
            String step = context.getTestMethod().map(Method::getName).orElse("unknown");
            if (first == null) {
                first = step;
            }
            if (driver != null) {
                try {
                    if (!driver.getWindowHandles().contains(safeHandle())) {
                        driver.switchTo().window(dashboard);
                    }
                    screenshot("failed-" + step);
                } catch (WebDriverException | UncheckedIOException e) {
                    failure.addSuppressed(e);
                }
            }
            throw failure;
        }

        private String safeHandle() {
            try {
                return driver.getWindowHandle();
            } catch (NoSuchWindowException e) {
                return null;
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory; the OS cleans it up eventually
        }
    }
}
