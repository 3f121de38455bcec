package io.github.mcpoauth.web;

import static io.github.mcpoauth.web.WebClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.Closing;
import io.github.mcpoauth.testsupport.LogCapture;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * How the module is activated in applications we did not shape for it, in a real container: a
 * web.xml with {@code metadata-complete="true"} (fragments ignored) still gets the module, through
 * its ServletContainerInitializer, started once and saying so in one INFO line; an
 * {@code <absolute-ordering>} that leaves the fragment out still keeps the module out, initializer
 * included. Each WAR carries slf4j-simple, so the module's log lines can be read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ActivationContract {

    static final String METADATA_COMPLETE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
              <display-name>metadata-complete</display-name>
            </web-app>
            """;
    /** Metadata-complete, and declares the module's listener itself: the module still starts once. */
    static final String METADATA_COMPLETE_WITH_LISTENER = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
              <display-name>declared</display-name>
              <listener>
                <listener-class>io.github.mcpoauth.web.McpOAuthListener</listener-class>
              </listener>
            </web-app>
            """;
    /** Metadata-complete, and configures the module through the filter's init-params, as the README shows. */
    static final String METADATA_COMPLETE_WITH_FILTER = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
              <display-name>configured</display-name>
              <filter>
                <filter-name>McpOAuthFilter</filter-name>
                <filter-class>io.github.mcpoauth.web.McpOAuthFilter</filter-class>
                <async-supported>true</async-supported>
                <init-param>
                  <param-name>mcp.oauth.path</param-name>
                  <param-value>/mcp-tools</param-value>
                </init-param>
              </filter>
            </web-app>
            """;
    /** Lists no fragment at all, so mcp_oauth_filter is left out (Servlet 6.0 section 8.2.2). */
    static final String EXCLUDING_ORDERING = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <display-name>excluding</display-name>
              <absolute-ordering/>
            </web-app>
            """;

    /** Leaves the fragment out, and declares the listener: the documented way to keep the module then. */
    static final String EXCLUDING_WITH_LISTENER = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <display-name>excluding-declared</display-name>
              <absolute-ordering/>
              <listener>
                <listener-class>io.github.mcpoauth.web.McpOAuthListener</listener-class>
              </listener>
            </web-app>
            """;

    final BrowserStub browser = new BrowserStub();
    TestAuthorizationServer as;
    TestMcpServer mcp;
    Container container;
    List<String> startLog;

    abstract Container newContainer();

    @BeforeAll
    void deploy() throws Exception {
        as = TestAuthorizationServer.builder().start();
        mcp = TestMcpServer.builder().protectedBy(as).start();
        String name = getClass().getSimpleName();
        var complete = WarDirectory.build(name + "-complete", METADATA_COMPLETE);
        var excluding = WarDirectory.build(name + "-excluding", EXCLUDING_ORDERING);
        var plain = WarDirectory.build(name + "-plain", WarDirectory.PLAIN_WEB_XML);
        var declared = WarDirectory.build(name + "-declared", METADATA_COMPLETE_WITH_LISTENER);
        var excludingDeclared = WarDirectory.build(name + "-excluding-declared", EXCLUDING_WITH_LISTENER);
        var configured = WarDirectory.build(name + "-configured", METADATA_COMPLETE_WITH_FILTER);
        Map<String, String> memory = Map.of("mcp.oauth.store", "memory", "mcp.oauth.allow-loopback", "true");
        container = newContainer();
        try (LogCapture log = LogCapture.start()) {
            container.start(Map.of("/complete", complete, "/complete-off", complete, "/excluding", excluding,
                    "/plain", plain, "/declared", declared, "/excluding-declared", excludingDeclared,
                    "/configured", configured),
                    Map.of("/complete", memory, "/excluding", memory, "/plain", memory, "/declared", memory,
                            "/excluding-declared", memory, "/configured", memory,
                            "/complete-off", Map.of("mcp.oauth.store", "memory", "mcp.oauth.disabled", "true")));
            startLog = log.lines();
        }
    }

    @AfterAll
    void undeploy() throws Exception {
        Closing.all(container, mcp, as);
    }

    @Test
    void aMetadataCompleteAppGetsTheModuleThroughItsInitializerAndAFlowReachesReady() throws Exception {
        WebClient alice = new WebClient(container.origin(), container.origin() + "/complete/mcp-client");
        HttpResponse<String> listed = alice.get("/servers");
        assertEquals(200, listed.statusCode(), listed.body());
        assertTrue(listed.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertNotNull(container.attribute("/complete", McpOAuthRuntime.ATTRIBUTE));

        HttpResponse<String> added = alice.post("/servers", Map.of("name", "complete", "url", mcp.url()));
        assertEquals(201, added.statusCode(), added.body());
        Map<String, Object> body = json(added);
        URI callback = browser.redirectLocation((String) body.get("authUrl"));
        assertEquals(container.origin() + "/complete/mcp-client/callback", callback.resolve(callback.getRawPath()).toString());
        assertEquals(302, alice.getUrl(callback).statusCode());
        awaitReady(alice, (String) body.get("id"));
    }

    @Test
    void itLogsOnceThatTheInitializerActivatedItAndWhere() {
        List<String> started = startLines("/complete");
        assertEquals(1, started.size(), String.join("\n", startLog));
        assertTrue(started.get(0).contains(" INFO "), started.get(0));
        assertTrue(started.get(0).contains("mcp-oauth-filter started at /complete/mcp-client, activated by its "
                + "ServletContainerInitializer, as web-fragment.xml was not processed"), started.get(0));
    }

    @Test
    void whereTheFragmentWasProcessedTheInitializerStaysOutAndTheModuleStartsOnce() {
        assertEquals(List.of("mcp-oauth-filter started at /plain/mcp-client, activated by web-fragment.xml"),
                startLines("/plain").stream().map(l -> l.substring(l.indexOf("mcp-oauth-filter started"), l.indexOf(" ("))).toList(),
                String.join("\n", startLog));
        assertEquals(200, new WebClient(container.origin(), container.origin() + "/plain/mcp-client").get("/servers").statusCode());
    }

    @Test
    void aListenerTheAppDeclaresAgainStartsNothingTwice() {
        assertEquals(1, startLines("/declared").size(), String.join("\n", startLog));
        assertEquals(200, new WebClient(container.origin(), container.origin() + "/declared/mcp-client").get("/servers").statusCode());
    }

    @Test
    void anAppThatLeavesTheFragmentOutCanStillDeclareTheListener() {
        List<String> started = startLines("/excluding-declared");
        assertEquals(1, started.size(), String.join("\n", startLog));
        assertTrue(started.get(0).contains("activated by McpOAuthListener declared in the application's web.xml"),
                started.get(0));
        WebClient visitor = new WebClient(container.origin(), container.origin() + "/excluding-declared/mcp-client");
        assertEquals(200, visitor.get("/servers").statusCode());
    }

    @Test
    void theInitializerHonoursTheFilterAMetadataCompleteAppDeclaresWithItsInitParams() throws Exception {
        assertEquals(1, startLines("/configured").size(), String.join("\n", startLog));
        assertTrue(startLines("/configured").get(0).contains("started at /configured/mcp-tools, activated by its"
                + " ServletContainerInitializer"), String.join("\n", startLog));
        WebClient alice = new WebClient(container.origin(), container.origin() + "/configured/mcp-tools");
        assertEquals(200, alice.get("/servers").statusCode());
        HttpResponse<String> added = alice.post("/servers", Map.of("name", "configured", "url", mcp.url()));
        assertEquals(201, added.statusCode(), added.body());
        URI callback = browser.redirectLocation((String) json(added).get("authUrl"));
        assertEquals(container.origin() + "/configured/mcp-tools/callback", callback.resolve(callback.getRawPath()).toString());
        assertEquals(404, new WebClient(container.origin(), container.origin() + "/configured/mcp-client")
                .get("/servers").statusCode());
    }

    @Test
    void disabledStillTurnsItOffInAMetadataCompleteApp() {
        WebClient visitor = new WebClient(container.origin(), container.origin() + "/complete-off/mcp-client");
        assertEquals(404, visitor.get("/servers").statusCode());
        assertEquals(404, visitor.get("/callback").statusCode());
        assertNull(container.attribute("/complete-off", McpOAuthRuntime.ATTRIBUTE));
        assertTrue(startLog.stream().noneMatch(l -> l.contains("mcp-oauth-filter started at /complete-off")));
    }

    @Test
    void anAbsoluteOrderingThatLeavesTheFragmentOutKeepsTheModuleOut() {
        WebClient visitor = new WebClient(container.origin(), container.origin() + "/excluding/mcp-client");
        assertEquals(404, visitor.get("/servers").statusCode());
        assertEquals(404, visitor.get("/mcp-oauth.js").statusCode());
        assertEquals(404, visitor.get("/callback").statusCode());
        assertNull(container.attribute("/excluding", McpOAuthRuntime.ATTRIBUTE));
        assertTrue(startLog.stream().noneMatch(l -> l.contains(" io.github.mcpoauth.") && l.matches(".*/excluding([/ ].*|$)")),
                String.join("\n", startLog));
        assertTrue(visitor.getUrl(URI.create(container.origin() + "/excluding/")).body().contains("plain app"));
    }

    private List<String> startLines(String contextPath) {
        return startLog.stream().filter(l -> l.contains("mcp-oauth-filter started at " + contextPath + "/")).toList();
    }

    private static void awaitReady(WebClient client, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if ("ready".equals(json(client.get("/servers/" + id)).get("state"))) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError(id + " did not reach ready: " + json(client.get("/servers/" + id)));
    }
}
