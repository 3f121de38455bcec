package io.github.mcpoauth.sample;

import static io.github.mcpoauth.sample.ContainerFlows.assertEchoes;
import static io.github.mcpoauth.sample.ContainerFlows.awaitDeployed;
import static io.github.mcpoauth.sample.ContainerFlows.awaitReady;
import static io.github.mcpoauth.sample.ContainerFlows.isReadyWith;
import static io.github.mcpoauth.sample.ContainerFlows.servers;
import static io.github.mcpoauth.sample.ContainerFlows.withoutQuery;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.Closing;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The drop-in promise on one standalone container: four WARs deployed side by side, unmodified —
 * the sample WAR, a plain WAR holding only the module's jars, the same with mcp-oauth-jpa, and the
 * plain jars under a metadata-complete web.xml — each connects a user to an OAuth-protected MCP
 * server (flow to ready, WebSocket push, tool call), keeps owners apart, refuses cross-origin
 * writes, and the JPA apps get their servers back after a container restart without a new
 * authorization. The embedded databases land in per-application default directories.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ContainerMatrixContract {

    static final List<String> PLAIN_APPS = List.of("plain", "plain-jpa", "complete");
    static final String SAMPLE = "sample-war";

    private final BrowserStub browser = new BrowserStub();
    private final Map<String, SampleClient> owners = new LinkedHashMap<>();
    private final Map<String, String> readyServers = new LinkedHashMap<>();
    private TestAuthorizationServer as;
    TestMcpServer mcp;
    StandaloneServer server;

    /** The container under test, not started; sessions are made to survive its restart. */
    abstract StandaloneServer newServer() throws Exception;

    @BeforeAll
    void deployAll() throws Exception {
        as = TestAuthorizationServer.builder().start();
        mcp = TestMcpServer.builder().protectedBy(as).start();
        server = newServer();
        // the plain WARs carry no configuration, and the test's MCP server listens on loopback
        server.systemProperty("mcp.oauth.allow-loopback", "true");
        server.persistSessions();
        Path wars = TestFiles.freshDir(server.work.resolve("wars"));
        server.deploy(SampleApp.war(), SAMPLE);
        server.deploy(MatrixWars.plain(wars), "plain");
        server.deploy(MatrixWars.plainJpa(wars), "plain-jpa");
        server.deploy(MatrixWars.metadataComplete(wars), "complete");
        List<String> more = deployMore(wars);
        server.start();
        for (String app : List.of(SAMPLE, "plain", "plain-jpa", "complete")) {
            awaitDeployed(server.process(), new SampleClient(base(app)));
        }
        for (String app : more) {
            awaitDeployed(server.process(), new SampleClient(base(app)));
        }
    }

    /** Deploys WARs this container tests beyond the four (none by default); answers their names. */
    List<String> deployMore(Path wars) throws Exception {
        return List.of();
    }

    @AfterAll
    void stopAll() throws Exception {
        Closing.all(server, mcp, as);
    }

    String base(String app) {
        return server.origin() + "/" + app;
    }

    @Test
    @Order(1)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theSampleWarRunsItsDemoFlowUnmodified() throws Exception {
        SampleClient client = owner(SAMPLE);
        String base = client.base();
        HttpResponse<String> dashboard = client.get(base + "/");
        assertTrue(dashboard.body().contains("<title>mcp-oauth-filter sample</title>"), "the dashboard page: " + dashboard.body());
        HttpResponse<String> script = client.get(base + "/mcp-client/mcp-oauth.js");
        assertEquals(200, script.statusCode(), "mcp-oauth.js");
        assertTrue(script.body().contains("createMcpClient"), "mcp-oauth.js is the browser client");

        Map<String, Object> added = client.addServer("demo", client.demoServerUrl());
        String id = (String) added.get("id");
        assertEquals("authenticating", added.get("state"), "add answer: " + added);
        String authUrl = (String) added.get("authUrl");
        assertTrue(authUrl.startsWith(base + "/demo/oauth/authorize?"), "authUrl under the context path: " + authUrl);

        StateMessages messages = new StateMessages();
        WebSocket socket = client.openWebSocket("/mcp-client/ws", messages);
        try {
            messages.await(server.process(), "the state on open, with server " + id, state -> servers(state).containsKey(id));
            HttpResponse<String> callback = client.answerConsent(authUrl, "approve");
            assertTrue(callback.statusCode() == 302 || callback.statusCode() == 303, "callback answer: " + callback.statusCode());
            URI landing = callback.uri().resolve(callback.headers().firstValue("Location").orElseThrow());
            assertEquals(URI.create(base + "/auth-done.html"), withoutQuery(landing), "callback redirect");
            messages.await(server.process(), "a pushed state with server " + id + " ready", s -> isReadyWith(s, id, "echo"));
        } finally {
            socket.abort();
        }
        awaitReady(server.process(), client, id, "echo");
        assertEchoes(client, id, "echo", "hello from " + server.name() + " at /" + SAMPLE);
        readyServers.put(SAMPLE, id);
        assertTheSampleServesItsHealthSummary(client);
        ContainerFlows.assertNoErrorLogged(server);
    }

    @Test
    @Order(2)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void plainWarsConnectAUserToAnOAuthProtectedServerWithLivePushes() throws Exception {
        for (String app : PLAIN_APPS) {
            SampleClient alice = owner(app);
            StateMessages messages = new StateMessages();
            WebSocket socket = alice.openWebSocket("/mcp-client/ws", messages);
            String id;
            try {
                messages.await(server.process(), "the first state of " + app, state -> true);
                Map<String, Object> added = alice.addServer("secure", mcp.url());
                id = (String) added.get("id");
                assertEquals("authenticating", added.get("state"), app + ": " + added);
                String authUrl = (String) added.get("authUrl");
                assertTrue(authUrl.startsWith(as.endpoints().authorizationEndpoint().toString()), app + ": " + authUrl);

                URI callback = browser.redirectLocation(authUrl);
                assertEquals(URI.create(base(app) + "/mcp-client/callback"), withoutQuery(callback), app + " redirect URI");
                HttpResponse<String> answered = alice.get(callback.toString());
                assertTrue(answered.statusCode() < 400, app + " callback answer: " + answered.statusCode() + " " + answered.body());
                assertFalse(answered.headers().firstValue("Location").orElse("").contains("error="),
                        app + " callback redirect: " + answered.headers().map());
                messages.await(server.process(), app + ": a pushed state with " + id + " ready", s -> isReadyWith(s, id, "echo"));
            } finally {
                socket.abort();
            }
            awaitReady(server.process(), alice, id, "echo");
            assertEchoes(alice, id, "echo", "hello from " + server.name() + " at /" + app);
            readyServers.put(app, id);
        }
        ContainerFlows.assertNoErrorLogged(server);
    }

    @Test
    @Order(3)
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void anotherOwnerSeesNothingAndCrossOriginWritesAreRefused() throws Exception {
        for (String app : PLAIN_APPS) {
            String id = readyServers.get(app);
            assertTrue(id != null, app + " has no ready server: the flow test failed first");
            SampleClient bob = new SampleClient(base(app));
            assertTrue(servers(bob.state()).isEmpty(), app + ": another owner sees " + bob.state());
            assertEquals(404, bob.get(base(app) + "/mcp-client/servers/" + id).statusCode(), app + ": another owner's GET");
            assertEquals(404, bob.postJson(base(app) + "/mcp-client/servers/" + id + "/tools/echo", Map.of("text", "x"))
                    .statusCode(), app + ": another owner's tool call");

            HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(base(app) + "/mcp-client/servers")).timeout(Duration.ofSeconds(30))
                    .header("Origin", "http://attacker.example").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"url\":\"" + mcp.url() + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, forged.statusCode(), app + ": cross-origin POST: " + forged.body());
            assertEquals(1, servers(owner(app).state()).size(), app + ": the refused write created nothing");
            assertEquals(404, bob.get(base(app) + "/mcp-client/health").statusCode(), app + ": health is off by default");
        }
    }

    /** The sample enables the health summary for evaluation: 200, store reachable, its ready server counted. */
    private static void assertTheSampleServesItsHealthSummary(SampleClient client) {
        HttpResponse<String> health = new SampleClient(client.base()).get(client.base() + "/mcp-client/health");
        assertEquals(200, health.statusCode(), "the sample's health summary: " + health.body());
        Map<?, ?> summary = SampleClient.JSON.readValue(health.body(), Map.class);
        assertEquals("ok", summary.get("status"), health.body());
        assertEquals(true, ((Map<?, ?>) summary.get("store")).get("reachable"), health.body());
        assertTrue(((Number) ((Map<?, ?>) summary.get("servers")).get("ready")).intValue() >= 1, health.body());
        assertTrue(health.headers().allValues("Set-Cookie").isEmpty(), "the summary made a session: " + health.headers());
    }

    /**
     * Each app says in one INFO line how the module was activated: the web fragment, or the
     * initializer where a metadata-complete web.xml hid the fragment (the sample's own is). Apps
     * without an SLF4J binding log nothing on Tomcat and Jetty; WildFly gives every app its own.
     */
    @Test
    @Order(4)
    void eachAppLogsHowTheModuleWasActivated() {
        String log = server.logText();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(SAMPLE, "its ServletContainerInitializer");
        if (everyAppLogs()) {
            expected.put("plain", "web-fragment.xml");
            expected.put("plain-jpa", "web-fragment.xml");
            expected.put("complete", "its ServletContainerInitializer");
        }
        expected.forEach((app, how) -> assertTrue(
                log.contains("mcp-oauth-filter started at /" + app + "/mcp-client, activated by " + how),
                app + " did not log its activation by " + how + "\n" + server.process().logTail(80)));
    }

    /** Whether apps without an SLF4J binding of their own still log (the container supplies one). */
    boolean everyAppLogs() {
        return false;
    }

    @Test
    @Order(4)
    void embeddedDatabasesLandInPerApplicationDefaultDirectories() throws Exception {
        Path data = server.workingDirectory().resolve("mcp-oauth-data");
        for (String app : List.of(SAMPLE, "plain-jpa")) {
            assertTrue(Files.isRegularFile(data.resolve(app).resolve("mcp-oauth.mv.db")),
                    "no embedded database of " + app + " under " + data + ": " + listing(data));
        }
    }

    @Test
    @Order(5)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void jpaAppsGetTheirServersBackAfterARestartWithoutANewAuthorization() throws Exception {
        int authorizations = as.authorizationRequests().size();
        server.stop();
        server.start();
        for (String app : List.of(SAMPLE, "plain-jpa")) {
            // Waited for without alice's cookie. WildFly holds requests while it boots and restores a
            // saved session, under a new id, for the first one carrying it: a poll of alice's that
            // timed out meanwhile would take that id with it, and her next request would start afresh.
            awaitDeployed(server.process(), new SampleClient(base(app)));
            SampleClient alice = owner(app);
            String id = readyServers.get(app);
            assertTrue(id != null, app + " has no ready server: an earlier test failed first");
            awaitReady(server.process(), alice, id, "echo");
            assertEchoes(alice, id, "echo", "after the restart of " + server.name());
        }
        assertEquals(authorizations, as.authorizationRequests().size(), "a restart needed a new authorization");
        ContainerFlows.assertNoErrorLogged(server);
    }

    /** One browser session per app, kept across the restart (same cookies). */
    private SampleClient owner(String app) {
        return owners.computeIfAbsent(app, a -> {
            SampleClient client = new SampleClient(base(a));
            assertEquals(200, client.get(base(a) + "/mcp-client/servers").statusCode(), a + ": the API answers");
            return client;
        });
    }

    private static String listing(Path dir) {
        try (var files = Files.walk(dir, 2)) {
            return files.map(Path::toString).toList().toString();
        } catch (java.io.IOException e) {
            return "(" + e + ")";
        }
    }
}
