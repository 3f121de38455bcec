package io.github.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.Closing;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import io.github.mcpoauth.web.health.RoleHeaderFilter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET <path>/health} in Jetty 12: absent unless {@code mcp.oauth.health-enabled}; when enabled,
 * the summary's JSON without owner, session or CSRF token, naming no one; with
 * {@code mcp.oauth.health-role}, 403 to a user without that role.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JettyHealthTest {

    private static final String HEALTH = "/mcp-client/health";

    private final HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private TestAuthorizationServer as;
    private TestMcpServer mcp;
    private Container container;

    @BeforeAll
    void deploy() throws Exception {
        as = TestAuthorizationServer.builder().start();
        mcp = TestMcpServer.builder().protectedBy(as).start();
        container = new JettyContainer();
        Path plainWar = WarDirectory.build("JettyHealthTest");
        Map<String, Path> wars = new LinkedHashMap<>();
        wars.put("/off", plainWar);
        wars.put("/open", plainWar);
        wars.put("/guarded", guardedWar());
        container.start(wars, Map.of(
                "/off", Map.of("mcp.oauth.store", "memory"),
                "/open", Map.of("mcp.oauth.store", "memory", "mcp.oauth.allow-loopback", "true",
                        "mcp.oauth.health-enabled", "true"),
                "/guarded", Map.of("mcp.oauth.store", "memory", "mcp.oauth.health-enabled", "true",
                        "mcp.oauth.health-role", "ops")));
    }

    @AfterAll
    void undeploy() throws Exception {
        Closing.all(container, mcp, as);
    }

    @Test
    void disabledByDefaultItIsNotThere() throws Exception {
        assertEquals(404, get("/off" + HEALTH, Map.of()).statusCode());
    }

    @Test
    void enabledItAnswersTheSummaryWithoutOwnerSessionOrCsrfAndNamesNoOne() throws Exception {
        WebClient alice = new WebClient(container.origin(), container.origin() + "/open/mcp-client");
        HttpResponse<String> added = alice.post("/servers", Map.of("name", "secure", "url", mcp.url()));
        assertEquals(201, added.statusCode(), added.body());
        String authUrl = (String) WebClient.json(added).get("authUrl");

        HttpResponse<String> got = get("/open" + HEALTH, Map.of());
        assertEquals(200, got.statusCode(), got.body());
        assertTrue(got.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals("no-store", got.headers().firstValue("Cache-Control").orElseThrow());
        assertTrue(got.headers().allValues("Set-Cookie").isEmpty(), "no session: " + got.headers());
        Map<String, Object> body = WebClient.JSON.readValue(got.body(), Map.class);
        assertEquals(Set.of("status", "checkedAt", "store", "owners", "servers", "refreshFailures", "connectionAttempts"),
                body.keySet());
        assertEquals("ok", body.get("status"));
        assertEquals(Map.of("reachable", true, "unavailableSince", "null"), stringValues(body.get("store")));
        assertEquals(1, body.get("owners"));
        Map<?, ?> servers = (Map<?, ?>) body.get("servers");
        assertEquals(Set.of("authenticating", "connecting", "connected", "discovering", "ready", "failed",
                "not-connected", "total"), servers.keySet());
        assertEquals(1, servers.get("authenticating"));
        assertEquals(1, servers.get("total"));
        assertEquals(Map.of("count", 0, "last", "null"), stringValues(body.get("refreshFailures")));
        assertEquals(Map.of("inFlight", 0, "queued", 0), body.get("connectionAttempts"));
        for (String secret : List.of(mcp.url(), authUrl, "secure", alice.cookieHeader())) {
            assertFalse(got.body().contains(secret), "the summary shows " + secret + ": " + got.body());
        }
    }

    @Test
    void withARoleOnlyUsersInThatRoleGetIt() throws Exception {
        HttpResponse<String> anonymous = get("/guarded" + HEALTH, Map.of());
        assertEquals(403, anonymous.statusCode(), anonymous.body());
        assertFalse(anonymous.body().contains("\"servers\""), anonymous.body());
        assertEquals(403, get("/guarded" + HEALTH, Map.of("X-Test-Roles", "dev")).statusCode());
        HttpResponse<String> operator = get("/guarded" + HEALTH, Map.of("X-Test-Roles", "dev,ops"));
        assertEquals(200, operator.statusCode(), operator.body());
        assertEquals("ok", WebClient.json(operator).get("status"));
    }

    /** The plain WAR plus an app filter that turns the X-Test-Roles header into roles, ahead of the module's filter. */
    private static Path guardedWar() throws IOException {
        Path war = WarDirectory.build("JettyHealthTestGuarded");
        String pkg = RoleHeaderFilter.class.getPackageName().replace('.', '/');
        Path classes = war.resolve("WEB-INF/classes").resolve(pkg);
        Files.createDirectories(classes);
        for (String name : List.of("RoleHeaderFilter.class", "RoleHeaderFilter$1.class")) {
            Files.copy(Paths.get("target", "test-classes").resolve(pkg).resolve(name), classes.resolve(name),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(war.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <display-name>guarded</display-name>
                  <filter>
                    <filter-name>roles</filter-name>
                    <filter-class>%s</filter-class>
                  </filter>
                  <filter-mapping>
                    <filter-name>roles</filter-name>
                    <url-pattern>/*</url-pattern>
                  </filter-mapping>
                </web-app>
                """.formatted(RoleHeaderFilter.class.getName()));
        return war;
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(container.origin() + path))
                .timeout(Duration.ofSeconds(10)).GET();
        headers.forEach(request::header);
        return plain.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> stringValues(Object map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        ((Map<?, ?>) map).forEach((k, v) -> copy.put((String) k, v == null ? "null" : v));
        return copy;
    }
}
