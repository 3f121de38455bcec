package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 3: a resource server that rejects every token its authorization server issues
 * (Keycloak without an audience mapper: "missing required 'aud' claim") used to send the user to
 * authorize twice more, silently, then fail with "did not grant access after 3 attempts". Now its
 * description reaches the server's {@code error} and no further authorization starts; an old token
 * rejected so still gets one authorization.
 */
class InvalidTokenTest {

    private final BrowserStub browser = new BrowserStub();
    /** When set, every request carrying a bearer token is refused with this description. */
    private final AtomicReference<String> refusal = new AtomicReference<>();
    private TestAuthorizationServer as;
    private TestMcpServer mcp;
    private ClientHarness harness;

    @BeforeEach
    void start() {
        as = TestAuthorizationServer.builder().start();
        mcp = TestMcpServer.builder().protectedBy(as).filter(refusingTokens()).start();
        harness = new ClientHarness(Map.of());
    }

    @AfterEach
    void stop() {
        harness.close();
        mcp.close();
        as.close();
    }

    /** Ahead of the server's own token check: a request without a token still gets its normal challenge. */
    private Filter refusingTokens() {
        return (request, response, chain) -> {
            String description = refusal.get();
            String bearer = ((HttpServletRequest) request).getHeader("Authorization");
            if (description == null || bearer == null) {
                chain.doFilter(request, response);
                return;
            }
            HttpServletResponse http = (HttpServletResponse) response;
            http.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\""
                    + description + "\", resource_metadata=\"" + mcp.resourceMetadataUrl().orElseThrow() + "\"");
            http.setStatus(401);
        };
    }

    private AddServerResult complete(String authUrl) throws Exception {
        return harness.service.completeAuthorization("alice", browser.authorize(authUrl)).get(20, TimeUnit.SECONDS);
    }

    @Test
    void aTokenRejectedRightAfterTheAuthorizationFailsTheServerWithTheServersDescription() throws Exception {
        refusal.set("missing required 'aud' claim");
        McpClientManager manager = harness.manager("alice");
        AddServerResult added = manager.addMcpServer("secure", mcp.url());
        assertEquals(ConnectionState.AUTHENTICATING, added.state());

        AddServerResult after = complete(added.authUrl());

        assertEquals(ConnectionState.FAILED, after.state());
        assertEquals(1, as.authorizationRequests().size(), "no second authorization");
        ServerView view = manager.getServer(added.id());
        assertEquals("failed", view.state());
        assertTrue(view.error().contains("invalid_token: missing required 'aud' claim"), view.error());
        McpOAuthException e = assertThrows(McpOAuthException.class,
                () -> manager.callTool(added.id(), "echo", Map.of("text", "x")));
        assertTrue(e.getMessage().contains("missing required 'aud' claim"), e.getMessage());
    }

    @Test
    void aReconnectOffersOneMoreAuthorization() throws Exception {
        refusal.set("missing required 'aud' claim");
        McpClientManager manager = harness.manager("alice");
        AddServerResult added = manager.addMcpServer("secure", mcp.url());
        assertEquals(ConnectionState.FAILED, complete(added.authUrl()).state());

        AddServerResult again = manager.reconnect(added.id());
        assertEquals(ConnectionState.AUTHENTICATING, again.state());
        refusal.set(null); // the authorization server was fixed meanwhile
        assertEquals(ConnectionState.READY, complete(again.authUrl()).state());
    }

    @Test
    void anOldTokenRejectedAsInvalidGetsOneAuthorizationWhichCuresIt() throws Exception {
        McpClientManager manager = harness.manager("alice");
        AddServerResult added = manager.addMcpServer("secure", mcp.url());
        assertEquals(ConnectionState.READY, complete(added.authUrl()).state());
        as.revokeAll(); // access and refresh tokens: the 401 cannot be cured by a refresh

        McpOAuthException e = assertThrows(McpOAuthException.class,
                () -> manager.callTool(added.id(), "echo", Map.of("text", "x")));

        assertEquals(McpOAuthException.Code.AUTHORIZATION_REQUIRED, e.code());
        assertNotNull(e.authUrl());
        assertEquals(ConnectionState.READY, complete(e.authUrl()).state());
        manager.callTool(added.id(), "echo", Map.of("text", "x"));
    }

    @Test
    void aLongDescriptionIsCut() throws Exception {
        refusal.set("bad token " + "x".repeat(5000));
        McpClientManager manager = harness.manager("alice");
        AddServerResult added = manager.addMcpServer("secure", mcp.url());
        complete(added.authUrl());

        String error = manager.getServer(added.id()).error();
        assertTrue(error.contains("(invalid_token: bad token xxx"), error);
        assertTrue(error.contains("x\u2026); authorizing again would not help"), error);
        String description = error.substring(error.indexOf("invalid_token: ") + 15, error.indexOf("); "));
        assertTrue(description.length() <= 200, description.length() + ": " + description);
    }
}
