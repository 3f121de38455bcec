package io.github.mcpoauth.web;

import static io.github.mcpoauth.web.SocketProbe.servers;
import static io.github.mcpoauth.web.SocketProbe.stateOf;
import static io.github.mcpoauth.web.WebClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.Closing;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import io.github.mcpoauth.web.app.AppCallbackPage;
import io.github.mcpoauth.web.app.AppLoginFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The module's public hooks used by an application's own code, in a real container: the app
 * (package {@code io.github.mcpoauth.web.app}, in the WAR's WEB-INF/classes and web.xml) signs
 * users in with its own filter ({@code mcp.oauth.owner=attribute:appUser}), answers the OAuth
 * callback with its own page ({@code configureOAuthCallback} with an {@code OAuthCallbackHandler}),
 * and lists the user's servers from its own servlet ({@code McpOAuth.forRequest}). Each subclass
 * supplies one container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AppIntegrationContract {

    static final String API = "/app/mcp-client";
    private static final Pattern OUTCOME = Pattern.compile("<p id=\"outcome\">(.*?)</p>", Pattern.DOTALL);
    private static final AtomicInteger RUNS = new AtomicInteger();

    final BrowserStub browser = new BrowserStub();
    TestAuthorizationServer as;
    TestMcpServer mcp;
    Container container;
    /** Owners are plain user names, shared by the whole container: each test gets its own. */
    private String suffix;

    abstract Container newContainer();

    @BeforeAll
    void deploy() throws Exception {
        as = TestAuthorizationServer.builder().start();
        mcp = TestMcpServer.builder().protectedBy(as).start();
        container = newContainer();
        container.start(appWar(getClass().getSimpleName()), Map.of("/app", Map.of()));
    }

    @AfterAll
    void undeploy() throws Exception {
        Closing.all(container, mcp, as);
    }

    @BeforeEach
    void freshUsers() {
        suffix = "-" + RUNS.incrementAndGet();
    }

    /** The plain WAR plus the app: its classes in WEB-INF/classes, declared in its own web.xml. */
    static Path appWar(String name) throws IOException {
        Path war = WarDirectory.build(name);
        String pkg = AppLoginFilter.class.getPackageName().replace('.', '/');
        Path app = Paths.get("target", "test-classes").resolve(pkg);
        Path target = war.resolve("WEB-INF/classes").resolve(pkg);
        Files.createDirectories(target);
        try (Stream<Path> classes = Files.list(app)) {
            classes.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                try {
                    Files.copy(f, target.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        Files.writeString(war.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <display-name>app</display-name>
                  <context-param>
                    <param-name>mcp.oauth.store</param-name>
                    <param-value>memory</param-value>
                  </context-param>
                  <context-param>
                    <param-name>mcp.oauth.owner</param-name>
                    <param-value>attribute:appUser</param-value>
                  </context-param>
                  <context-param>
                    <param-name>mcp.oauth.allow-loopback</param-name>
                    <param-value>true</param-value>
                  </context-param>
                  <context-param>
                    <param-name>mcp.oauth.discovery-timeout</param-name>
                    <param-value>15s</param-value>
                  </context-param>
                  <filter>
                    <filter-name>AppLogin</filter-name>
                    <filter-class>io.github.mcpoauth.web.app.AppLoginFilter</filter-class>
                    <async-supported>true</async-supported>
                  </filter>
                  <filter-mapping>
                    <filter-name>AppLogin</filter-name>
                    <url-pattern>/*</url-pattern>
                  </filter-mapping>
                  <servlet>
                    <servlet-name>AppServers</servlet-name>
                    <servlet-class>io.github.mcpoauth.web.app.AppServersServlet</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>AppServers</servlet-name>
                    <url-pattern>/app-servers</url-pattern>
                  </servlet-mapping>
                  <servlet>
                    <servlet-name>AppSignOut</servlet-name>
                    <servlet-class>io.github.mcpoauth.web.app.AppSignOutServlet</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>AppSignOut</servlet-name>
                    <url-pattern>/sign-out</url-pattern>
                  </servlet-mapping>
                </web-app>
                """);
        return war;
    }

    /** A browser signed in to the app as {@code name} (this test's own user of that name). */
    WebClient user(String name) {
        return anonymous().header("X-App-User", name + suffix);
    }

    WebClient anonymous() {
        return new WebClient(container.origin(), container.origin() + API);
    }

    Map<String, Object> add(WebClient client, String name) {
        HttpResponse<String> added = client.post("/servers", Map.of("name", name, "url", mcp.url()));
        assertEquals(201, added.statusCode(), added.body());
        Map<String, Object> body = json(added);
        assertEquals("authenticating", body.get("state"));
        return body;
    }

    /** What the app's callback page says; fails unless the app's own handler answered. */
    static String outcome(HttpResponse<String> page) {
        assertEquals(200, page.statusCode(), page.body());
        assertFalse(page.headers().firstValue("Location").isPresent(), page.headers().toString());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"),
                page.headers().toString());
        Matcher m = OUTCOME.matcher(page.body());
        assertTrue(m.find(), page.body());
        return m.group(1);
    }

    List<String> appServers(WebClient client) {
        HttpResponse<String> page = client.getUrl(URI.create(container.origin() + "/app/app-servers"));
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        return page.body().lines().toList();
    }

    @Test
    void theCallbackAnswersWithTheAppsPageAndTheAppsServletListsOnlyTheUsersServers() {
        WebClient alice = user("alice");
        WebClient bob = user("bob");
        Map<String, Object> added = add(alice, "alice's server");
        String id = (String) added.get("id");

        URI callback = browser.redirectLocation((String) added.get("authUrl"));
        assertEquals("ok " + id + " ready", outcome(alice.getUrl(callback)));
        assertEquals("ready", json(alice.get("/servers/" + id)).get("state"));

        assertEquals(List.of("alice's server"), appServers(alice));
        assertEquals(List.of(), appServers(bob));
        assertTrue(servers(json(bob.get("/servers"))).isEmpty());
        assertEquals(404, bob.get("/servers/" + id).statusCode());
    }

    @Test
    void forgedForeignAndReplayedCallbacksGetTheAppsErrorPageAndChangeNothing() throws Exception {
        WebClient alice = user("alice");
        WebClient bob = user("bob");
        Map<String, Object> added = add(alice, "guarded");
        String id = (String) added.get("id");

        URI forged = URI.create(container.origin() + API + "/callback?code=x&state=forged-state");
        assertTrue(outcome(alice.getUrl(forged)).startsWith("error: "));
        assertUnchanged(alice, added);

        URI callback = browser.redirectLocation((String) added.get("authUrl"));
        assertTrue(outcome(bob.getUrl(callback)).startsWith("error: "));
        assertUnchanged(alice, added);

        assertEquals("ok " + id + " ready", outcome(alice.getUrl(callback)));
        assertTrue(outcome(alice.getUrl(callback)).startsWith("error: "));
        assertEquals("ready", json(alice.get("/servers/" + id)).get("state"));
    }

    @Test
    void aRemoteErrorWithMarkupIsEscapedOnTheAppsPage() {
        WebClient alice = user("alice");
        Map<String, Object> added = add(alice, "denied");
        Map<String, String> granted = browser.authorize((String) added.get("authUrl"));
        URI denied = URI.create(container.origin() + API + "/callback?state=" + encode(granted.get("state"))
                + (granted.containsKey("iss") ? "&iss=" + encode(granted.get("iss")) : "")
                + "&error=access_denied&error_description=" + encode("<script>alert(1)</script> & \"more\""));
        HttpResponse<String> page = alice.getUrl(denied);
        String outcome = outcome(page);
        assertTrue(outcome.startsWith("error: "), outcome);
        assertTrue(outcome.contains("access_denied"), outcome);
        assertTrue(outcome.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;"), outcome);
        assertFalse(outcome.contains("<") || outcome.contains(">"), outcome);
        assertFalse(page.body().contains("<script>"), page.body());
    }

    @Test
    void withoutTheAppsLoginTheApiRefusesWithJson() {
        WebClient nobody = anonymous();
        HttpResponse<String> listed = nobody.get("/servers");
        assertEquals(401, listed.statusCode(), listed.body());
        assertTrue(listed.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals("unauthorized", ((Map<?, ?>) json(listed).get("error")).get("code"));
        HttpResponse<String> added = nobody.post("/servers", Map.of("name", "x", "url", mcp.url()));
        assertEquals(401, added.statusCode(), added.body());
        assertEquals("unauthorized", ((Map<?, ?>) json(added).get("error")).get("code"));

        URI callback = URI.create(container.origin() + API + "/callback?code=x&state=y");
        URI again = BouncePage.target(callback, nobody.getUrl(callback));
        assertEquals("error: " + AppCallbackPage.escape(CallbackServlet.NOT_SIGNED_IN), outcome(nobody.getUrl(again)));
        assertEquals("", nobody.cookieHeader(), "the callback started a session");
        assertEquals(403, nobody.getUrl(URI.create(container.origin() + "/app/app-servers")).statusCode());
    }

    @Test
    void aCallbackWithoutTheAppsLoginBouncesOnceAndCompletesWhenTheLoginComesAlong() {
        WebClient alice = user("alice");
        Map<String, Object> added = add(alice, "strict");
        String id = (String) added.get("id");
        URI callback = browser.redirectLocation((String) added.get("authUrl"));
        String aliceCookies = alice.cookieHeader();

        // cross-site, the app's login (its SameSite=Strict cookie, here its header) stays behind
        WebClient crossSite = anonymous();
        URI again = BouncePage.target(callback, crossSite.getUrl(callback));
        assertEquals("", crossSite.cookieHeader(), "the callback started a session");
        assertUnchanged(alice, added);
        assertEquals("ok " + id + " ready", outcome(alice.getUrl(again)));
        assertEquals(aliceCookies, alice.cookieHeader());
    }

    @Test
    void theJavaApiDerivesTheRedirectUriFromTheRequestAsTheRestApiDoes() {
        WebClient alice = user("alice");
        HttpResponse<String> added = alice.postForm(URI.create(container.origin() + "/app/app-servers"),
                Map.of("name", "from java", "url", mcp.url()));
        assertEquals(200, added.statusCode(), added.body());
        List<String> lines = added.body().lines().toList();
        assertEquals("authenticating", lines.get(1), added.body());
        String id = lines.get(0);
        String authUrl = lines.get(2);
        assertEquals(container.origin() + API + "/callback", BouncePage.params(URI.create(authUrl)).get("redirect_uri"));

        assertEquals("ok " + id + " ready", outcome(alice.getUrl(browser.redirectLocation(authUrl))));
        assertEquals(List.of("from java"), appServers(alice));
    }

    @Test
    void eachUsersSocketSeesOnlyThatUsersServers() throws Exception {
        WebClient alice = user("alice");
        WebClient bob = user("bob");
        assertEquals(200, alice.get("/servers").statusCode());
        assertEquals(200, bob.get("/servers").statusCode());
        try (SocketProbe aliceSocket = alice.socket(); SocketProbe bobSocket = bob.socket()) {
            aliceSocket.await(m -> servers(m).isEmpty(), 10);
            bobSocket.await(m -> servers(m).isEmpty(), 10);
            Map<String, Object> added = add(alice, "live");
            String id = (String) added.get("id");
            aliceSocket.await(m -> "authenticating".equals(stateOf(m, id)), 10);

            assertEquals("ok " + id + " ready", outcome(alice.getUrl(browser.redirectLocation((String) added.get("authUrl")))));
            Map<String, Object> ready = aliceSocket.await(m -> "ready".equals(stateOf(m, id)), 20);
            assertEquals(3, ((List<?>) ready.get("tools")).size());

            // pushes run in order on one thread: bob's own change reaches his socket after any of alice's
            String bobs = (String) add(bob, "bobs").get("id");
            bobSocket.awaitNeverSeeing(id, m -> servers(m).containsKey(bobs), 10);
            assertFalse(bobSocket.closed.isDone(), "bob's socket was closed");
        }
    }

    @Test
    void aSocketIsClosedWith1008AndGetsNothingMoreOnceItsUserSignedOut() throws Exception {
        WebClient alice = user("alice");
        assertEquals(200, alice.get("/servers").statusCode());
        try (SocketProbe socket = alice.socket()) {
            socket.await(m -> servers(m).isEmpty(), 10);

            HttpResponse<String> out = alice.postForm(URI.create(container.origin() + "/app/sign-out"), Map.of());
            assertEquals(204, out.statusCode(), out.body());
            add(user("alice"), "after sign-out");

            assertEquals(1008, socket.closed.get(10, TimeUnit.SECONDS));
            assertTrue(socket.messages.isEmpty(), "the signed-out socket received " + socket.messages);
        }
    }

    @Test
    void aSignOutThatKeepsTheSessionEndsTheSocketOnceTheApiFindsNoUser() throws Exception {
        WebClient alice = user("alice");
        assertEquals(200, alice.get("/servers").statusCode());
        try (SocketProbe socket = alice.socket()) {
            socket.await(m -> servers(m).isEmpty(), 10);

            // the app's login no longer sets the attribute for this browser; its session stays
            alice.header("X-App-User", "");
            assertEquals(401, alice.get("/servers").statusCode());

            assertEquals(1008, socket.closed.get(10, TimeUnit.SECONDS));
            add(user("alice"), "after sign-out");
            try (SocketProbe again = alice.socket()) {
                assertEquals(1008, again.closed.get(10, TimeUnit.SECONDS));
                assertTrue(again.messages.isEmpty(), "a new socket without a user received " + again.messages);
            }
            assertTrue(socket.messages.isEmpty(), "the signed-out socket received " + socket.messages);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void assertUnchanged(WebClient client, Map<String, Object> added) {
        Map<String, Object> now = json(client.get("/servers/" + added.get("id")));
        assertEquals("authenticating", now.get("state"));
        assertEquals(added.get("authUrl"), now.get("auth_url"));
    }
}
