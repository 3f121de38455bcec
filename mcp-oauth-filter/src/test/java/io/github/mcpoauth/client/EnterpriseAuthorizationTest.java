package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.InMemoryMcpStore;
import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.KnownClient;
import io.github.mcpoauth.testsupport.LogCapture;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestClock;
import io.github.mcpoauth.testsupport.TestIdentityProvider;
import io.github.mcpoauth.testsupport.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Enterprise-managed authorization end to end: a test identity provider exchanges the owner's ID
 * token for an ID-JAG, the test authorization server takes it in a JWT bearer grant, and the server
 * is ready with no authorization URL; without a usable ID token, or when the exchange is refused,
 * the owner gets the authorization URL, with the reason.
 */
class EnterpriseAuthorizationTest {

    private static final String CLIENT_ID = "mcp-app";
    private static final String CLIENT_SECRET = "mcp-app-secret";

    private final TestClock clock = TestClock.startingNow();
    private final InMemoryMcpStore store = new InMemoryMcpStore();
    /** What the application's sign-in gave each owner. */
    private final Map<String, String> signedIn = new ConcurrentHashMap<>();
    private final Set<String> asked = ConcurrentHashMap.newKeySet();
    private TestIdentityProvider idp;
    private TestAuthorizationServer as;
    private TestMcpServer mcp;
    private McpClientService service;

    @BeforeEach
    void start() {
        idp = TestIdentityProvider.start(CLIENT_ID, clock);
        as = TestAuthorizationServer.builder().clock(clock).accessTokenLifetime(Duration.ofMinutes(10))
                .acceptIdJagsFrom(idp).start();
        as.registerClient(CLIENT_ID, CLIENT_SECRET, KnownClient.CLIENT_SECRET_BASIC, List.of());
        mcp = TestMcpServer.builder().protectedBy(as).start();
        service = service(as.issuer());
    }

    private McpClientService service(String enterpriseIssuers) {
        Map<String, String> settings = new HashMap<>();
        settings.put("mcp.oauth.callback-url", ClientHarness.CALLBACK);
        settings.put("mcp.oauth.allow-loopback", "true");
        settings.put("mcp.oauth.retry-max-attempts", "1");
        settings.put("mcp.oauth.client-id", CLIENT_ID);
        settings.put("mcp.oauth.client-secret", CLIENT_SECRET);
        settings.put("mcp.oauth.client-issuers", as.issuer());
        settings.put("mcp.oauth.enterprise-idp-issuer", idp.issuer()); // its token endpoint from its metadata
        settings.put("mcp.oauth.enterprise-idp-client-id", TestIdentityProvider.CLIENT_ID);
        settings.put("mcp.oauth.enterprise-idp-client-secret", TestIdentityProvider.CLIENT_SECRET);
        settings.put("mcp.oauth.enterprise-issuers", enterpriseIssuers);
        return McpClientService.builder().config(McpOAuthConfig.fromMap(settings)).store(store).clock(clock)
                .idTokenSupplier(owner -> {
                    asked.add(owner);
                    return java.util.Optional.ofNullable(signedIn.get(owner));
                }).build();
    }

    @AfterEach
    void stop() {
        service.close();
        mcp.close();
        as.close();
        idp.close();
    }

    private String subjectOfStoredToken(String owner, String serverId) {
        String token = store.tokens().find(owner, serverId).orElseThrow().accessToken();
        return as.idJagSubjectOf(token).orElse(null);
    }

    @Test
    void anOwnerWithAnIdTokenIsReadyAtOnceWithoutAnyAuthorizationUrl() throws Exception {
        signedIn.put("alice", idp.idToken("alice"));

        AddServerResult added = service.manager("alice").addMcpServer("crm", mcp.url());

        assertEquals(ConnectionState.READY, added.state());
        assertNull(added.authUrl());
        assertEquals(List.of(), as.authorizationRequests(), "no user was sent to authorize");
        assertEquals(List.of(new TestIdentityProvider.Exchange("alice", as.issuer(), mcp.url(), true)), idp.exchanges());
        assertEquals("alice", subjectOfStoredToken("alice", added.id()));
        McpSchema.CallToolResult echoed = service.manager("alice").callTool(added.id(), "echo", Map.of("text", "hi"));
        assertEquals("hi", ((McpSchema.TextContent) echoed.content().get(0)).text());
    }

    @Test
    void eachOwnersIdTokenServesThatOwnerOnlyAndAnOwnerWithoutOneIsSentToAuthorize() throws Exception {
        signedIn.put("alice", idp.idToken("alice"));
        signedIn.put("bob", idp.idToken("bob"));

        AddServerResult alice = service.manager("alice").addMcpServer("crm", mcp.url());
        AddServerResult bob = service.manager("bob").addMcpServer("crm", mcp.url());
        AddServerResult carol = service.manager("carol").addMcpServer("crm", mcp.url());

        assertEquals(ConnectionState.READY, alice.state());
        assertEquals(ConnectionState.READY, bob.state());
        assertEquals("alice", subjectOfStoredToken("alice", alice.id()));
        assertEquals("bob", subjectOfStoredToken("bob", bob.id()));
        assertEquals(ConnectionState.AUTHENTICATING, carol.state());
        assertTrue(carol.authUrl().startsWith(as.endpoints().authorizationEndpoint().toString()), carol.authUrl());
        String reason = service.manager("carol").getServer(carol.id()).error();
        assertTrue(reason.contains("no ID token"), reason);
        assertEquals(Set.of("alice", "bob"),
                idp.exchanges().stream().map(TestIdentityProvider.Exchange::subject).collect(Collectors.toSet()));
        assertEquals(2, idp.exchanges().size(), "carol's attempt sent nothing");
        assertEquals(Set.of("alice", "bob", "carol"), asked);
    }

    @Test
    void aRefusedExchangeFallsBackToTheAuthorizationUrlWithTheReasonButNeverTheBody() throws Exception {
        String idToken = idp.idToken("dave");
        signedIn.put("dave", idToken);
        idp.refuse("dave");
        AddServerResult added;
        String logged;
        try (LogCapture log = LogCapture.start()) {
            added = service.manager("dave").addMcpServer("crm", mcp.url());
            logged = log.text();
        }

        assertEquals(ConnectionState.AUTHENTICATING, added.state());
        assertNotNull(added.authUrl());
        String reason = service.manager("dave").getServer(added.id()).error();
        assertTrue(reason.contains("refused the token exchange") && reason.contains("access_denied"), reason);
        assertFalse(reason.contains("idp-internal-detail"), reason);
        assertFalse(logged.contains("idp-internal-detail"), logged);
        assertFalse(logged.contains(idToken), "the ID token was logged");
        assertTrue(logged.contains("gave no token"), logged);
        // the popup still works
        AddServerResult completed = service.completeAuthorization("dave", new BrowserStub().authorize(added.authUrl()))
                .get(20, TimeUnit.SECONDS);
        assertEquals(ConnectionState.READY, completed.state());
        assertNull(service.manager("dave").getServer(added.id()).error());
    }

    @Test
    void anAuthorizationServerThatRefusesTheIdJagLeavesThePopupWithItsReason() throws Exception {
        signedIn.put("gina", idp.idToken("gina"));
        as.failNextToken(TestAuthorizationServer.Failure.INVALID_GRANT);

        AddServerResult added = service.manager("gina").addMcpServer("crm", mcp.url());

        assertEquals(ConnectionState.AUTHENTICATING, added.state());
        assertNotNull(added.authUrl());
        String reason = service.manager("gina").getServer(added.id()).error();
        assertTrue(reason.contains("did not take the ID-JAG") && reason.contains("invalid_grant"), reason);
        assertEquals(1, idp.exchanges().size());
    }

    @Test
    void anExpiredOrForeignIdTokenIsNeverSent() throws Exception {
        signedIn.put("erin", idp.expiredIdToken("erin"));
        signedIn.put("frank", "not-a-jwt");

        AddServerResult erin = service.manager("erin").addMcpServer("crm", mcp.url());
        AddServerResult frank = service.manager("frank").addMcpServer("crm", mcp.url());

        assertEquals(ConnectionState.AUTHENTICATING, erin.state());
        assertTrue(service.manager("erin").getServer(erin.id()).error().contains("expired"));
        assertEquals(ConnectionState.AUTHENTICATING, frank.state());
        assertTrue(service.manager("frank").getServer(frank.id()).error().contains("not a JWT"));
        assertEquals(List.of(), idp.exchanges());
    }

    @Test
    void anAuthorizationServerNotListedGetsThePopupAndTheIdentityProviderIsNotAsked() throws Exception {
        service.close();
        service = service("https://other-as.example");
        signedIn.put("alice", idp.idToken("alice"));

        AddServerResult added = service.manager("alice").addMcpServer("crm", mcp.url());

        assertEquals(ConnectionState.AUTHENTICATING, added.state());
        assertNull(service.manager("alice").getServer(added.id()).error(), "nothing was tried, so no reason");
        assertEquals(List.of(), idp.exchanges());
        assertEquals(Set.of(), asked);
    }

    @Test
    void anExpiredAccessTokenIsReplacedThroughTheIdentityProviderInsideTheToolCall() throws Exception {
        signedIn.put("alice", idp.idToken("alice"));
        AddServerResult added = service.manager("alice").addMcpServer("crm", mcp.url());
        assertEquals(ConnectionState.READY, added.state());

        clock.advance(Duration.ofMinutes(11)); // the access token expired; the AS gave no refresh token
        McpSchema.CallToolResult echoed = service.manager("alice").callTool(added.id(), "echo", Map.of("text", "again"));

        assertEquals("again", ((McpSchema.TextContent) echoed.content().get(0)).text());
        assertEquals(2, idp.exchanges().size());
        assertEquals(List.of(), as.authorizationRequests());
        assertEquals("ready", service.manager("alice").getServer(added.id()).state());
    }
}
