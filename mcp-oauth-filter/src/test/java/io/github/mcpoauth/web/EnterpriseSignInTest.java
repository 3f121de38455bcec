package io.github.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.EmbeddedJetty;
import io.github.mcpoauth.testsupport.KnownClient;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestIdentityProvider;
import io.github.mcpoauth.testsupport.TestMcpServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Enterprise-managed authorization in a web application: the app's OpenID Connect login (here a
 * filter standing in for it) puts the user and the ID token it validated on each request; adding a
 * server through the REST API then answers {@code ready} without an {@code authUrl}.
 */
class EnterpriseSignInTest {

    private static final String CLIENT_ID = "shop";
    private static final String CLIENT_SECRET = "shop-secret";

    private TestIdentityProvider idp;
    private TestAuthorizationServer as;
    private TestMcpServer mcp;
    private EmbeddedJetty jetty;
    private ServletContextHandler app;

    /** The app's login: user and ID token from two headers, as its OpenID Connect sign-in would set them. */
    public static final class FakeOidcLogin extends HttpFilter {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            request.setAttribute("user", request.getHeader("X-User"));
            request.setAttribute("oidc.id_token", request.getHeader("X-Id-Token"));
            chain.doFilter(request, response);
        }
    }

    @BeforeEach
    void start() {
        idp = TestIdentityProvider.start(CLIENT_ID, Clock.systemUTC());
        as = TestAuthorizationServer.builder().acceptIdJagsFrom(idp).start();
        as.registerClient(CLIENT_ID, CLIENT_SECRET, KnownClient.CLIENT_SECRET_BASIC, List.of());
        mcp = TestMcpServer.builder().protectedBy(as).start();
        jetty = EmbeddedJetty.bind();
        app = new ServletContextHandler("/app");
        Map.ofEntries(Map.entry("mcp.oauth.store", "memory"), Map.entry("mcp.oauth.allow-loopback", "true"),
                Map.entry("mcp.oauth.owner", "attribute:user"),
                Map.entry("mcp.oauth.callback-url", jetty.baseUrl() + "/app/mcp-client/callback"),
                Map.entry("mcp.oauth.client-id", CLIENT_ID), Map.entry("mcp.oauth.client-secret", CLIENT_SECRET),
                Map.entry("mcp.oauth.client-issuers", as.issuer()),
                Map.entry("mcp.oauth.enterprise-idp-issuer", idp.issuer()),
                Map.entry("mcp.oauth.enterprise-idp-client-id", TestIdentityProvider.CLIENT_ID),
                Map.entry("mcp.oauth.enterprise-idp-client-secret", TestIdentityProvider.CLIENT_SECRET),
                Map.entry("mcp.oauth.enterprise-issuers", as.issuer()),
                Map.entry("mcp.oauth.enterprise-id-token", "attribute:oidc.id_token"))
                .forEach(app::setInitParameter);
        app.addFilter(new FilterHolder(new FakeOidcLogin()), "/*", EnumSet.of(DispatcherType.REQUEST));
        app.addEventListener(new McpOAuthListener());
        jetty.start(app);
    }

    @AfterEach
    void stop() {
        jetty.close();
        mcp.close();
        as.close();
        idp.close();
    }

    private WebClient browser(String user, String idToken) {
        WebClient client = new WebClient(jetty.baseUrl(), jetty.baseUrl() + "/app/mcp-client").header("X-User", user);
        return idToken == null ? client : client.header("X-Id-Token", idToken);
    }

    private static Map<String, Object> add(WebClient browser, String url) {
        HttpResponse<String> added = browser.post("/servers", Map.of("name", "crm", "url", url));
        assertEquals(201, added.statusCode(), added.body());
        return WebClient.json(added);
    }

    @Test
    void aSignedInUsersServerIsReadyWithNoAuthorizationUrl() {
        Map<String, Object> added = add(browser("alice", idp.idToken("alice")), mcp.url());

        assertEquals("ready", added.get("state"), added.toString());
        assertNull(added.get("authUrl"));
        assertEquals(List.of(), as.authorizationRequests());
        assertEquals(List.of(new TestIdentityProvider.Exchange("alice", as.issuer(), mcp.url(), true)), idp.exchanges());
    }

    @Test
    void anotherUsersRequestWithoutAnIdTokenNeverUsesTheOneCapturedForTheFirst() {
        add(browser("alice", idp.idToken("alice")), mcp.url());

        Map<String, Object> bobs = add(browser("bob", null), mcp.url());

        assertEquals("authenticating", bobs.get("state"));
        assertTrue(String.valueOf(bobs.get("authUrl")).startsWith(as.endpoints().authorizationEndpoint().toString()));
        assertEquals(1, idp.exchanges().size(), "only alice's token was ever exchanged");
        String servers = browser("bob", null).get("/servers").body();
        assertTrue(servers.contains("no ID token"), servers);
        assertFalse(servers.contains("alice"), servers);
    }

    @Test
    void aSupplierTheApplicationRegistersComesFirst() {
        String carols = idp.idToken("carol");
        McpOAuth.runtime(app.getServletContext()).idTokenSupplier(owner -> owner.equals("carol")
                ? Optional.of(carols) : Optional.empty());

        Map<String, Object> added = add(browser("carol", null), mcp.url());

        assertEquals("ready", added.get("state"), added.toString());
        assertEquals("carol", idp.exchanges().get(0).subject());
    }
}
