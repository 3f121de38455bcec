package io.github.mcpoauth.web;

import static io.github.mcpoauth.web.SocketProbe.servers;
import static io.github.mcpoauth.web.SocketProbe.stateOf;
import static io.github.mcpoauth.web.WebClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.Closing;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The drop-in, deployed unmodified in a real container, against a real OAuth-protected MCP server:
 * the whole flow over REST, the callback and the WebSocket, and the security rules. Each subclass
 * supplies one container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DropInContract {

    static final String API = "/app/mcp-client";

    final BrowserStub browser = new BrowserStub();
    TestAuthorizationServer as;
    TestMcpServer mcp;
    Container container;

    abstract Container newContainer();

    @BeforeAll
    void deploy() throws Exception {
        as = TestAuthorizationServer.builder().start();
        mcp = TestMcpServer.builder().protectedBy(as).start();
        container = newContainer();
        container.start(WarDirectory.build(getClass().getSimpleName()), Map.of(
                "/app", Map.of("mcp.oauth.store", "memory", "mcp.oauth.discovery-timeout", "15s", "mcp.oauth.allow-loopback", "true"),
                "/off", Map.of("mcp.oauth.disabled", "true"),
                "/signed-in", Map.of("mcp.oauth.store", "memory", "mcp.oauth.owner", "principal", "mcp.oauth.allow-loopback", "true")));
    }

    @AfterAll
    void undeploy() throws Exception {
        Closing.all(container, mcp, as);
    }

    WebClient browserSession(String contextApi) {
        WebClient client = new WebClient(container.origin(), container.origin() + contextApi);
        assertEquals(200, client.get("/servers").statusCode());
        return client;
    }

    Map<String, Object> add(WebClient client, String name) {
        HttpResponse<String> added = client.post("/servers", Map.of("name", name, "url", mcp.url()));
        assertEquals(201, added.statusCode(), added.body());
        Map<String, Object> body = json(added);
        assertEquals("authenticating", body.get("state"));
        return body;
    }

    @Test
    void addAuthorizeCallReadyAndDeleteWithLivePushes() throws Exception {
        WebClient alice = browserSession(API);
        try (SocketProbe socket = alice.socket()) {
            socket.await(m -> servers(m).isEmpty(), 10);
            Map<String, Object> added = add(alice, "secure");
            String id = (String) added.get("id");
            String authUrl = (String) added.get("authUrl");
            assertTrue(authUrl.startsWith(as.endpoints().authorizationEndpoint().toString()), authUrl);
            socket.await(m -> "authenticating".equals(stateOf(m, id)), 10);

            URI callback = browser.redirectLocation(authUrl);
            assertEquals(container.origin() + API + "/callback", callback.resolve(callback.getRawPath()).toString());
            HttpResponse<String> redirected = alice.getUrl(callback);
            assertEquals(302, redirected.statusCode());
            // no redirect configured: the module's own page, which tells the popup's opener and closes it
            assertTrue(redirected.headers().firstValue("Location").orElseThrow()
                    .matches("(http://[^/]+)?" + API + "/done\\?serverId=" + id + "&state=(ready|connecting)"),
                    redirected.headers().toString());

            Map<String, Object> ready = socket.await(m -> "ready".equals(stateOf(m, id)), 20);
            assertEquals(3, ((List<?>) ready.get("tools")).size());
            assertEquals("ready", json(alice.get("/servers/" + id)).get("state"));

            HttpResponse<String> called = alice.post("/servers/" + id + "/tools/echo", Map.of("text", "hello"));
            assertEquals(200, called.statusCode(), called.body());
            assertTrue(called.body().contains("\"hello\""), called.body());

            HttpResponse<String> closed = alice.post("/servers/" + id + "/close", Map.of());
            assertEquals(200, closed.statusCode(), closed.body());
            assertEquals("not-connected", json(closed).get("state"));
            socket.await(m -> "not-connected".equals(stateOf(m, id)), 10);
            assertEquals("ready", json(alice.post("/servers/" + id + "/reconnect", Map.of())).get("state"),
                    "the kept tokens reconnect it without an authorization");

            List<Object> status = WebClient.jsonList(alice.get("/status"));
            assertEquals(1, status.size());
            assertEquals(id, ((Map<?, ?>) status.get(0)).get("serverId"));

            assertEquals(204, alice.delete("/servers/" + id).statusCode());
            socket.await(m -> servers(m).isEmpty(), 10);
            assertEquals(404, alice.get("/servers/" + id).statusCode());
        }
    }

    @Test
    void anotherOwnerCannotSeeCallDeleteWatchOrCompleteTheFlow() throws Exception {
        WebClient alice = browserSession(API);
        WebClient bob = browserSession(API);
        try (SocketProbe bobSocket = bob.socket(); SocketProbe aliceSocket = alice.socket()) {
            bobSocket.await(m -> servers(m).isEmpty(), 10);
            aliceSocket.await(m -> servers(m).isEmpty(), 10);
            Map<String, Object> added = add(alice, "mine");
            String id = (String) added.get("id");

            assertTrue(servers(json(bob.get("/servers"))).isEmpty());
            assertEquals(404, bob.get("/servers/" + id).statusCode());
            assertEquals(404, bob.post("/servers/" + id + "/tools/echo", Map.of()).statusCode());
            assertEquals(404, bob.post("/servers/" + id + "/reconnect", Map.of()).statusCode());
            assertEquals(404, bob.post("/servers/" + id + "/close", Map.of()).statusCode());
            assertEquals(404, bob.delete("/servers/" + id).statusCode());
            assertEquals("not_found", ((Map<?, ?>) json(bob.delete("/servers/" + id)).get("error")).get("code"));

            URI callback = browser.redirectLocation((String) added.get("authUrl"));
            HttpResponse<String> foreign = bob.getUrl(callback);
            assertEquals(302, foreign.statusCode());
            assertTrue(foreign.headers().firstValue("Location").orElseThrow().contains("error="));
            assertUnchanged(alice, added);

            // alice's own browser still completes it afterwards
            assertEquals(302, alice.getUrl(callback).statusCode());
            aliceSocket.await(m -> "ready".equals(stateOf(m, id)), 20);
            // pushes run in order on one thread: bob's own change reaches his socket after any of alice's
            String bobs = (String) add(bob, "bobs").get("id");
            bobSocket.awaitNeverSeeing(id, m -> servers(m).containsKey(bobs), 10);
        }
    }

    @Test
    void forgedAndReplayedCallbacksChangeNothing() throws Exception {
        WebClient alice = browserSession(API);
        Map<String, Object> added = add(alice, "forged");
        URI forged = URI.create(container.origin() + API + "/callback?code=x&state=forged-state");
        HttpResponse<String> refused = alice.getUrl(forged);
        assertEquals(302, refused.statusCode());
        assertTrue(refused.headers().firstValue("Location").orElseThrow().contains(API + "/done?error="));
        assertUnchanged(alice, added);

        URI callback = browser.redirectLocation((String) added.get("authUrl"));
        assertFalse(alice.getUrl(callback).headers().firstValue("Location").orElseThrow().contains("error="));
        awaitState(alice, (String) added.get("id"), "ready");
        assertTrue(alice.getUrl(callback).headers().firstValue("Location").orElseThrow().contains("error="));
        assertEquals("ready", json(alice.get("/servers/" + added.get("id"))).get("state"));
    }

    @Test
    void aCallbackWithoutTheSessionCookieBouncesOnceSameSiteAndCompletesWithIt() throws Exception {
        WebClient alice = browserSession(API);
        String aliceCookies = alice.cookieHeader();
        Map<String, Object> added = add(alice, "strict");
        String id = (String) added.get("id");
        URI callback = browser.redirectLocation((String) added.get("authUrl"));

        // the authorization server's redirect is cross-site: a SameSite=Strict session cookie stays behind
        WebClient crossSite = new WebClient(container.origin(), container.origin() + API);
        URI again = BouncePage.target(callback, crossSite.getUrl(callback));
        Map<String, String> sent = BouncePage.params(callback);
        sent.put("mcp_oauth_bounced", "1");
        assertEquals(sent, BouncePage.params(again));
        assertEquals(callback.getRawPath(), again.getRawPath());
        assertEquals("", crossSite.cookieHeader(), "the callback started a session");
        assertUnchanged(alice, added);

        // the page's own navigation is same-site: the cookie comes along and the flow completes
        HttpResponse<String> done = alice.getUrl(again);
        assertEquals(302, done.statusCode(), done.body());
        assertTrue(done.headers().firstValue("Location").orElseThrow().contains(API + "/done?serverId=" + id),
                done.headers().toString());
        assertFalse(done.headers().firstValue("Set-Cookie").isPresent(), done.headers().toString());
        awaitState(alice, id, "ready");
        assertEquals(aliceCookies, alice.cookieHeader());
    }

    @Test
    void aBouncedCallbackStillWithoutAnOwnerIsRefusedPlainlyAndTheFlowStaysPending() throws Exception {
        WebClient alice = browserSession(API);
        Map<String, Object> added = add(alice, "signed-out");
        URI callback = browser.redirectLocation((String) added.get("authUrl"));
        WebClient signedOut = new WebClient(container.origin(), container.origin() + API);
        URI again = BouncePage.target(callback, signedOut.getUrl(callback));

        HttpResponse<String> refused = signedOut.getUrl(again);
        assertEquals(302, refused.statusCode(), refused.body());
        String location = refused.headers().firstValue("Location").orElseThrow();
        assertTrue(location.contains(API + "/done?error=You+are+not+signed+in+to+this+application"), location);
        assertFalse(refused.headers().firstValue("Set-Cookie").isPresent(), refused.headers().toString());
        assertEquals("", signedOut.cookieHeader(), "the callback started a session");
        assertUnchanged(alice, added);

        // the state was not used up: its owner still completes the flow
        assertFalse(alice.getUrl(callback).headers().firstValue("Location").orElseThrow().contains("error="));
        awaitState(alice, (String) added.get("id"), "ready");
    }

    @Test
    void theBuiltInDonePageShowsAnErrorAsTextUnderAPolicyWithoutInlineScript() {
        WebClient visitor = new WebClient(container.origin(), container.origin() + API);
        HttpResponse<String> page = visitor.get("/done?error="
                + URLEncoder.encode("<script>alert(1)</script> & \"quoted\"", StandardCharsets.UTF_8));
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElseThrow());
        assertTrue(page.body().contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;"), page.body());
        assertFalse(page.body().contains("<script>alert") || page.body().contains("\"quoted\""), page.body());
        assertTrue(page.body().contains("<script src=\"done.js\"></script>"), page.body());
        assertTrue(page.body().contains("href=\"/app/\""), page.body());
        assertEquals("", visitor.cookieHeader(), "the page started a session");

        HttpResponse<String> script = visitor.get("/done.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
        assertTrue(script.body().contains("postMessage(outcome, location.origin)"), script.body());
    }

    @Test
    void crossOriginRequestsAndSocketsAreRefused() throws Exception {
        WebClient alice = browserSession(API);
        HttpResponse<String> foreign = alice.post("/servers", Map.of("name", "x", "url", mcp.url()),
                "https://evil.example");
        assertEquals(403, foreign.statusCode());
        assertEquals("forbidden", ((Map<?, ?>) json(foreign).get("error")).get("code"));
        // refused before its body was read: the client must not reuse a connection the container may drop
        assertEquals("close", foreign.headers().firstValue("Connection").orElse(""));
        assertEquals(403, alice.post("/servers", Map.of("name", "x", "url", mcp.url()), null).statusCode());
        assertEquals(403, alice.post("/connect", Map.of("url", mcp.url()), "http://127.0.0.1:1").statusCode());
        assertTrue(servers(json(alice.get("/servers"))).isEmpty());

        try (SocketProbe socket = alice.socket("https://evil.example")) {
            int code = socket.closed.get(10, TimeUnit.SECONDS);
            assertTrue(code == 1008 || code == -1, "close code " + code);
            assertTrue(socket.messages.isEmpty(), "a cross-origin socket received " + socket.messages);
        }
    }

    @Test
    void anErrorWithMarkupIsEscapedInJsonAndEncodedInTheRedirect() throws Exception {
        WebClient alice = browserSession(API);
        Map<String, Object> added = add(alice, "<script>alert(1)</script>");
        Map<String, String> granted = browser.authorize((String) added.get("authUrl"));
        URI denied = URI.create(container.origin() + API + "/callback?state=" + granted.get("state")
                + (granted.containsKey("iss") ? "&iss=" + URLEncoder.encode(granted.get("iss"), StandardCharsets.UTF_8) : "")
                + "&error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        String location = alice.getUrl(denied).headers().firstValue("Location").orElseThrow();
        assertTrue(location.contains(API + "/done?error="), location);
        assertFalse(location.contains("<") || location.contains(">"), location);
        HttpResponse<String> page = alice.getUrl(URI.create(container.origin()).resolve(location));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page.body());
        assertFalse(page.body().contains("<script>alert"), page.body());

        HttpResponse<String> listed = alice.get("/servers");
        assertFalse(listed.body().contains("<script>"), listed.body());
        assertTrue(listed.body().contains("\\u003Cscript\\u003E"), listed.body());
        assertEquals("<script>alert(1)</script>",
                ((Map<?, ?>) servers(json(listed)).get(added.get("id"))).get("name"));
    }

    @Test
    void aDisabledModuleLeavesTheAppAlone() {
        WebClient visitor = new WebClient(container.origin(), container.origin() + "/off/mcp-client");
        assertEquals(404, visitor.get("/servers").statusCode());
        assertEquals(404, visitor.get("/mcp-oauth.js").statusCode());
        assertTrue(visitor.getUrl(URI.create(container.origin() + "/off/")).body().contains("plain app"));
    }

    @Test
    void thePrincipalOwnerModeRefusesAnonymousCallersWithJson() {
        WebClient anonymous = new WebClient(container.origin(), container.origin() + "/signed-in/mcp-client");
        HttpResponse<String> listed = anonymous.get("/servers");
        assertEquals(401, listed.statusCode());
        assertNotNull(((Map<?, ?>) json(listed).get("error")).get("code"));
        assertEquals(401, anonymous.post("/servers", Map.of("name", "x", "url", mcp.url())).statusCode());
    }

    @Test
    void servesTheBrowserClientAndJsonErrors() {
        WebClient alice = browserSession(API);
        HttpResponse<String> script = alice.get("/mcp-oauth.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
        assertTrue(script.body().contains("export function createMcpClient"));
        HttpResponse<String> bad = alice.post("/servers", Map.of("name", "x"));
        assertEquals(400, bad.statusCode());
        assertNotNull(((Map<?, ?>) json(bad).get("error")).get("message"));
        assertEquals(404, alice.get("/nothing").statusCode());
        assertEquals("index", alice.getUrl(URI.create(container.origin() + "/app/")).body().contains("plain app")
                ? "index" : "missing");
    }

    private static void assertUnchanged(WebClient client, Map<String, Object> added) {
        Map<String, Object> now = json(client.get("/servers/" + added.get("id")));
        assertEquals("authenticating", now.get("state"));
        assertEquals(added.get("authUrl"), now.get("auth_url"));
    }

    private static void awaitState(WebClient client, String id, String state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (state.equals(json(client.get("/servers/" + id)).get("state"))) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError(id + " did not reach " + state);
    }
}
