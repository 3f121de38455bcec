package io.github.mcpoauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.nimbusds.jwt.JWTClaimsSet;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.client.AddServerResult;
import io.github.mcpoauth.client.ConnectionState;
import io.github.mcpoauth.client.McpClientManager;
import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.InMemoryMcpStore;
import io.github.mcpoauth.store.SharedClient;
import io.github.mcpoauth.testsupport.TestClock;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The module against a real Keycloak 26 (issue 12): a realm configured for MCP as the README's
 * "Keycloak" section says, an MCP server that validates Keycloak's JWTs, and the user logging in on
 * Keycloak's own login and consent pages. One Keycloak serves the whole class (it takes tens of
 * seconds to start); each test has its own client service, owners and clock.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KeycloakIT {

    private static final String CALLBACK = "http://127.0.0.1:9/app/mcp-client/callback";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static KeycloakMcpServer mcp;
    private static KeycloakServer keycloak;

    private final TestClock clock = TestClock.startingNow();
    private McpClientService service;
    private InMemoryMcpStore store;

    @BeforeAll
    static void startKeycloak() throws Exception {
        Optional<Path> java = KeycloakJava.home(); // on CI, none is a failure here
        if (java.isEmpty()) {
            return; // elsewhere each test is skipped, with the reason
        }
        Path javaHome = java.get();
        Path home = TestFiles.existingDir("keycloak.home");
        mcp = KeycloakMcpServer.bind();
        keycloak = KeycloakServer.start(home, javaHome, mcp.url(), TestFiles.targetDir().resolve("keycloak-it"));
        System.out.println("Keycloak (Java " + KeycloakJava.major(javaHome) + ") started in "
                + keycloak.startTime().toMillis() + " ms");
        mcp.start(keycloak);
    }

    @AfterAll // runs after a failed @BeforeAll too
    static void stopKeycloak() {
        try {
            if (mcp != null) {
                mcp.close();
            }
        } finally {
            if (keycloak != null) {
                keycloak.close();
            }
        }
    }

    @BeforeEach
    void startService() {
        Assumptions.assumeTrue(keycloak != null, KeycloakJava::missing);
        mcp.requireAudience(mcp.url());
        mcp.trust(keycloak.issuer());
        Map<String, String> settings = new HashMap<>();
        settings.put("mcp.oauth.callback-url", CALLBACK);
        settings.put("mcp.oauth.allow-loopback", "true");
        settings.put("mcp.oauth.client-name", "mcp-oauth-filter KeycloakIT");
        store = new InMemoryMcpStore();
        service = McpClientService.builder().config(McpOAuthConfig.fromMap(settings)).store(store).clock(clock).build();
    }

    @AfterEach
    void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aUserLogsInOnKeycloakAndTheServerBecomesReady() throws Exception {
        int clientsBefore = keycloak.admin().clientCount();
        McpClientManager manager = service.manager("alice");

        AddServerResult added = manager.addMcpServer("keycloak", mcp.url());

        assertEquals(ConnectionState.AUTHENTICATING, added.state());
        Map<String, String> request = KeycloakBrowser.query(java.net.URI.create(added.authUrl()));
        assertTrue(added.authUrl().startsWith(keycloak.authorizationEndpoint() + "?"), added.authUrl());
        assertEquals("S256", request.get("code_challenge_method"));
        assertEquals(mcp.url(), request.get("resource"));
        assertEquals(CALLBACK, request.get("redirect_uri"));
        // registered anonymously (Trusted Hosts), with consent required and PKCE S256 bound by the realm's policies
        var registered = keycloak.admin().client(request.get("client_id"));
        assertEquals("mcp-oauth-filter KeycloakIT", registered.get("name").asString());
        assertTrue(registered.get("consentRequired").asBoolean(), registered.toString());
        assertEquals("S256", registered.get("attributes").get("pkce.code.challenge.method").asString());

        Map<String, String> callback = browser().approve(added.authUrl(), KeycloakServer.USER, keycloak.userPassword());
        assertEquals(keycloak.issuer(), callback.get("iss")); // RFC 9207, checked by the module too
        AddServerResult completed = complete("alice", callback);

        assertEquals(ConnectionState.READY, completed.state());
        assertEquals("hello keycloak", echo(manager, added.id(), "hello keycloak"));
        JWTClaimsSet token = last(mcp.acceptedTokens());
        // resource-indicators narrows aud to the client whose resource_url is the resource: exactly the MCP server
        assertEquals(List.of(mcp.url()), token.getAudience());
        assertEquals(request.get("client_id"), token.getStringClaim("azp"));
        // Keycloak 26 offers DPoP: the token is bound to the key the module made for alice's server
        io.github.mcpoauth.store.TokenSet stored = store.tokens().find("alice", added.id()).orElseThrow();
        assertEquals("DPoP", stored.tokenType());
        assertEquals(thumbprint(stored), cnf(token));
        int registrations = keycloak.admin().clientCount() - clientsBefore;
        System.out.println("KeycloakIT: one owner, one server: " + registrations + " client registration(s)");
        assertEquals(1, registrations);
    }

    @Test
    void anExpiredAccessTokenIsRefreshedOnKeycloakWithoutANewLogin() throws Exception {
        McpClientManager manager = service.manager("alice");
        String id = readyServer("alice");
        Set<String> before = tokenIds();
        String session = last(mcp.acceptedTokens()).getStringClaim("sid");
        String key = cnf(last(mcp.acceptedTokens()));

        clock.advance(Duration.ofMinutes(5)); // past the realm's 60 s access token lifespan, as the module sees it

        assertEquals("after expiry", echo(manager, id, "after expiry"));
        assertEquals("ready", manager.getServer(id).state());
        JWTClaimsSet used = last(mcp.acceptedTokens());
        assertTrue(!before.contains(used.getJWTID()), "the call after expiry used a new token: " + used.getJWTID());
        assertEquals(session, used.getStringClaim("sid")); // refreshed within the same Keycloak session, no new login
        assertEquals(key, cnf(used), "the refresh proved the same DPoP key and Keycloak bound the new token to it");
    }

    @Test
    void aSessionEndedOnKeycloakSendsTheServerBackToAuthorization() throws Exception {
        McpClientManager manager = service.manager("alice");
        String id = readyServer("alice");

        keycloak.admin().logout(KeycloakServer.USER); // the admin ends the user's sessions: refresh tokens die
        clock.advance(Duration.ofMinutes(5));

        McpOAuthException refused = assertThrows(McpOAuthException.class, () -> echo(manager, id, "refused"));
        assertEquals(McpOAuthException.Code.AUTHORIZATION_REQUIRED, refused.code(), refused.getMessage());
        var server = manager.getServer(id);
        assertEquals("authenticating", server.state());
        assertTrue(server.authUrl().startsWith(keycloak.authorizationEndpoint()), server.authUrl());

        AddServerResult again = complete("alice",
                browser().approve(server.authUrl(), KeycloakServer.USER, keycloak.userPassword()));
        assertEquals(ConnectionState.READY, again.state());
        assertEquals("back", echo(manager, id, "back"));
    }

    @Test
    void denyingConsentOnKeycloakLeavesNoAccess() throws Exception {
        McpClientManager manager = service.manager("alice");
        AddServerResult added = manager.addMcpServer("keycloak", mcp.url());
        int accepted = mcp.acceptedTokens().size();

        Map<String, String> callback = browser().deny(added.authUrl(), KeycloakServer.USER, keycloak.userPassword());

        assertEquals("access_denied", callback.get("error"), callback.toString());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> service.completeAuthorization("alice", callback).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof McpOAuthException, String.valueOf(e.getCause()));
        assertNotEquals("ready", manager.getServer(added.id()).state());
        assertEquals(accepted, mcp.acceptedTokens().size());
    }

    @Test
    void aRegistrationDeletedOnKeycloakIsNotUsedAgain() throws Exception {
        readyServer("alice");
        String deleted = last(mcp.acceptedTokens()).getStringClaim("azp");
        keycloak.admin().deleteClient(deleted);

        AddServerResult added = service.manager("bob").addMcpServer("keycloak", mcp.url());
        String clientId = KeycloakBrowser.query(java.net.URI.create(added.authUrl())).get("client_id");
        assertNotEquals(deleted, clientId);
        keycloak.admin().client(clientId); // a registration Keycloak knows
        complete("bob", browser().approve(added.authUrl(), KeycloakServer.USER, keycloak.userPassword()));
        assertEquals("again", echo(service.manager("bob"), added.id(), "again"));
    }

    @Test
    void ownersShareOneRegistrationPerAuthorizationServerAndTheLastRemovalDeletesIt() throws Exception {
        int clientsBefore = keycloak.admin().clientCount();
        List<String> owners = List.of("alice", "bob", "carol");
        Map<String, String> ids = new HashMap<>();
        ids.put("alice", readyServer("alice"));
        String clientId = last(mcp.acceptedTokens()).getStringClaim("azp");
        String registeredToken = registered(clientId).registrationAccessToken();
        for (String owner : owners.subList(1, owners.size())) {
            ids.put(owner, readyServer(owner)); // bob's authorization reads the registration first (RFC 7592)
        }
        assertEquals(1, keycloak.admin().clientCount() - clientsBefore);

        // the token the module holds after its read still works, whether or not Keycloak issued a new one
        SharedClient held = registered(clientId);
        var read = keycloak.admin().readRegistration(held.registrationClientUri(), held.registrationAccessToken());
        assertEquals(200, read.status());
        System.out.println("KeycloakIT: a registration read issued a new registration access token: "
                + !held.registrationAccessToken().equals(registeredToken) + " (the module's read), "
                + !held.registrationAccessToken().equals(read.registrationAccessToken()) + " (a second read)");
        if (read.registrationAccessToken() != null) {
            store.registrations().replaceRegistrationAccessToken(held.key(), held.registrationAccessToken(),
                    read.registrationAccessToken()); // as the module would have after that second read
        }

        owners.forEach(owner -> service.manager(owner).removeMcpServer(ids.get(owner)));
        assertEquals(0, keycloak.admin().clientCount() - clientsBefore); // RFC 7592 DELETE at the registration
    }

    @Test
    void aSixtySecondTokenIsNotRefreshedBeforeHalfItsLifetime() throws Exception {
        McpClientManager manager = service.manager("alice");
        String id = readyServer("alice");
        int before = mcp.acceptedTokens().size();

        for (int i = 0; i < 3; i++) {
            echo(manager, id, "call " + i);
        }

        Set<String> used = mcp.acceptedTokens().subList(before, mcp.acceptedTokens().size()).stream()
                .map(JWTClaimsSet::getJWTID).collect(Collectors.toSet());
        assertEquals(1, used.size(), "tokens used for three calls in a row: " + used);
    }

    @Test
    void aTokenWithoutTheRightAudienceShowsTheResourceServersDescription() throws Exception {
        mcp.requireAudience("https://mcp.example.test/other");
        McpClientManager manager = service.manager("alice");
        AddServerResult added = manager.addMcpServer("keycloak", mcp.url());

        try {
            complete("alice", browser().approve(added.authUrl(), KeycloakServer.USER, keycloak.userPassword()));
        } catch (ExecutionException e) {
            // reporting the failure here as well is fine; what the server shows is what counts
        }

        var server = manager.getServer(added.id());
        assertEquals("failed", server.state());
        assertTrue(server.error() != null && server.error().contains("audience"), String.valueOf(server.error()));
    }

    @Test
    void aResourceMovedToAnotherAuthorizationServerGetsARegistrationThereAndKeepsTheOldCredentialsAway()
            throws Exception {
        McpClientManager manager = service.manager("alice");
        String id = readyServer("alice");
        String oldClient = last(mcp.acceptedTokens()).getStringClaim("azp");
        int otherBefore = keycloak.admin(KeycloakServer.OTHER_REALM).clientCount();

        mcp.trust(keycloak.issuer(KeycloakServer.OTHER_REALM)); // the metadata now names the other realm

        McpOAuthException refused = assertThrows(McpOAuthException.class, () -> echo(manager, id, "moved"));
        assertEquals(McpOAuthException.Code.AUTHORIZATION_REQUIRED, refused.code(), refused.getMessage());
        String authUrl = manager.getServer(id).authUrl();
        assertTrue(authUrl.startsWith(keycloak.authorizationEndpoint(KeycloakServer.OTHER_REALM) + "?"), authUrl);
        String newClient = KeycloakBrowser.query(java.net.URI.create(authUrl)).get("client_id");
        assertNotEquals(oldClient, newClient);
        assertEquals(1, keycloak.admin(KeycloakServer.OTHER_REALM).clientCount() - otherBefore);
        keycloak.admin(KeycloakServer.OTHER_REALM).client(newClient); // registered at the new realm

        complete("alice", browser().approve(authUrl, KeycloakServer.USER, keycloak.userPassword()));
        assertEquals("moved", echo(manager, id, "moved"));
        assertEquals(keycloak.issuer(KeycloakServer.OTHER_REALM), last(mcp.acceptedTokens()).getIssuer());
    }

    @Test
    void theApplicationsOwnServerIsReadyWithAServiceAccountTokenForItsClientSecret() throws Exception {
        String secret = java.util.UUID.randomUUID().toString();
        keycloak.admin().createClient(serviceAccount("mcp-app-basic", Map.of("clientAuthenticatorType", "client-secret",
                "secret", secret)));

        JWTClaimsSet token = appServerToken(Map.of("mcp.oauth.client-id", "mcp-app-basic",
                "mcp.oauth.client-secret", secret, "mcp.oauth.client-auth-method", "client_secret_basic"));

        assertEquals("mcp-app-basic", token.getStringClaim("azp"));
        assertTrue(token.getAudience().contains(mcp.url()), token.getAudience().toString());
    }

    @Test
    void theApplicationsOwnServerIsReadyWithAServiceAccountTokenForItsSignedJwt() throws Exception {
        com.nimbusds.jose.jwk.ECKey key = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                .keyID("mcp-app-key").keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE)
                .algorithm(com.nimbusds.jose.JWSAlgorithm.ES256).generate();
        keycloak.admin().createClient(serviceAccount("mcp-app-jwt", Map.of("clientAuthenticatorType", "client-jwt",
                "attributes", Map.of("use.jwks.string", "true",
                        "jwks.string", new com.nimbusds.jose.jwk.JWKSet(key.toPublicJWK()).toString(),
                        "token.endpoint.auth.signing.alg", "ES256"))));

        JWTClaimsSet token = appServerToken(Map.of("mcp.oauth.client-id", "mcp-app-jwt",
                "mcp.oauth.client-auth-method", "private_key_jwt", "mcp.oauth.client-jwk", key.toJSONString()));

        assertEquals("mcp-app-jwt", token.getStringClaim("azp"));
    }

    /** A confidential client with a service account and no browser flow, in the realm's default scopes. */
    private static Map<String, Object> serviceAccount(String clientId, Map<String, Object> authentication) {
        Map<String, Object> client = new HashMap<>(authentication);
        Map<String, Object> attributes = new HashMap<>();
        if (authentication.get("attributes") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> attributes.put((String) k, v));
        }
        // Keycloak 26.7.3's experimental resource-indicators feature fails (NullPointerException) on a
        // client credentials request with a resource when the grant has no refresh token
        attributes.put("client_credentials.use_refresh_token", "true");
        client.put("attributes", attributes);
        client.put("clientId", clientId);
        client.put("enabled", true);
        client.put("publicClient", false);
        client.put("serviceAccountsEnabled", true);
        client.put("standardFlowEnabled", false);
        client.put("directAccessGrantsEnabled", false);
        client.put("defaultClientScopes", List.of("basic", "mcp-audience"));
        return client;
    }

    /**
     * Adds the MCP server for the application's own owner, configured with {@code credentials} for
     * this realm only, and calls it: the server is ready with no login, and the token it accepted is returned.
     */
    private JWTClaimsSet appServerToken(Map<String, String> credentials) throws Exception {
        Map<String, String> settings = new HashMap<>(credentials);
        settings.put("mcp.oauth.allow-loopback", "true");
        settings.put("mcp.oauth.app-owners", "app");
        settings.put("mcp.oauth.client-issuers", keycloak.issuer());
        try (McpClientService app = McpClientService.builder().config(McpOAuthConfig.fromMap(settings))
                .store(new InMemoryMcpStore()).clock(clock).build()) {
            McpClientManager manager = app.manager("app");
            AddServerResult added = manager.addMcpServer("keycloak", mcp.url());
            assertEquals(ConnectionState.READY, added.state(), () -> manager.getServer(added.id()).error());
            assertEquals("no user", echo(manager, added.id(), "no user"));
            JWTClaimsSet token = last(mcp.acceptedTokens());
            assertEquals(keycloak.issuer(), token.getIssuer());
            return token;
        }
    }

    /** Adds the server for {@code owner} and logs in on Keycloak: the server's id, ready. */
    private String readyServer(String owner) throws Exception {
        AddServerResult added = service.manager(owner).addMcpServer("keycloak", mcp.url());
        assertEquals(ConnectionState.AUTHENTICATING, added.state());
        AddServerResult completed = complete(owner,
                browser().approve(added.authUrl(), KeycloakServer.USER, keycloak.userPassword()));
        assertEquals(ConnectionState.READY, completed.state());
        return added.id();
    }

    private SharedClient registered(String clientId) {
        return store.registrations().findRegistered(keycloak.issuer(), clientId).orElseThrow();
    }

    private AddServerResult complete(String owner, Map<String, String> callback) throws Exception {
        return service.completeAuthorization(owner, callback).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The SHA-256 thumbprint of the DPoP key stored with the tokens (RFC 9449 section 6.1). */
    private static String thumbprint(io.github.mcpoauth.store.TokenSet tokens) throws Exception {
        return com.nimbusds.jose.jwk.JWK.parse(tokens.dpopKey()).computeThumbprint().toString();
    }

    /** The {@code cnf.jkt} Keycloak put into an access token, null when unbound. */
    private static String cnf(JWTClaimsSet token) {
        var cnf = com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation.parse(token);
        return cnf == null ? null : cnf.getValue().toString();
    }

    private static KeycloakBrowser browser() {
        return new KeycloakBrowser(CALLBACK);
    }

    private static String echo(McpClientManager manager, String id, String text) {
        McpSchema.CallToolResult result = manager.callTool(id, "echo", Map.of("text", text));
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static Set<String> tokenIds() {
        return mcp.acceptedTokens().stream().map(JWTClaimsSet::getJWTID).collect(Collectors.toSet());
    }

    private static <T> T last(List<T> list) {
        assertTrue(!list.isEmpty(), "nothing recorded");
        return list.get(list.size() - 1);
    }
}
