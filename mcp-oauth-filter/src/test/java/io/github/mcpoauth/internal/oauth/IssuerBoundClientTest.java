package io.github.mcpoauth.internal.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.PendingAuthorization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The configured client belongs to the issuers in {@code mcp.oauth.client-issuers}: an
 * authorization server that a user's MCP server names (here the stub, playing an attacker's) gets
 * dynamic registration and never the configured client_id or secret, neither at registration nor
 * at its token endpoint.
 */
class IssuerBoundClientTest {

    private static final String CLIENT_ID = "app-client-5c1e";
    private static final String SECRET = "app-secret-9f3b27";
    private static final String BASIC = Base64.getEncoder()
            .encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private void configure(String issuers) {
        f.settings.put("mcp.oauth.client-id", CLIENT_ID);
        f.settings.put("mcp.oauth.client-secret", SECRET);
        f.settings.put("mcp.oauth.client-issuers", issuers);
    }

    private void assertNothingCarriesTheCredential() {
        assertNothingCarriesTheCredential(0);
    }

    private void assertNothingCarriesTheCredential(int from) {
        List<StubServer.Request> all = f.stub.requests();
        List<StubServer.Request> requests = all.subList(from, all.size());
        assertFalse(requests.isEmpty());
        for (StubServer.Request r : requests) {
            String seen = r.path() + "?" + r.query() + " " + r.headers() + " " + r.body();
            assertFalse(seen.contains(CLIENT_ID), seen);
            assertFalse(seen.contains(SECRET), seen);
            assertFalse(seen.contains(BASIC), seen);
        }
    }

    @Test
    void anAuthorizationServerNotListedNeverReceivesTheConfiguredClient() {
        configure("https://auth.example.com");
        PendingAuthorization pending = f.begin();
        assertEquals("dyn-client", Fixture.query(pending.authUrl()).get("client_id"));
        Fixture.authorized(f.manager().completeAuthorization(Fixture.OWNER,
                java.util.Map.of("code", "the-code", "state", pending.state())));

        assertEquals(1, f.stub.requestsTo("/as/register").size());
        StubServer.Request token = f.stub.requestsTo("/as/token").get(0);
        assertTrue(token.header("authorization").startsWith("Basic "), "the dynamic client authenticates");
        assertNothingCarriesTheCredential();
    }

    @Test
    void anIssuerDifferingOnlyByATrailingSlashIsAnotherIssuer() {
        configure(f.issuer() + "/");
        assertEquals("dyn-client", Fixture.query(f.begin().authUrl()).get("client_id"));
        assertNothingCarriesTheCredential();
    }

    @Test
    void aListedIssuerGetsTheConfiguredClient() {
        configure("https://auth.example.com," + f.issuer());
        assertEquals(CLIENT_ID, Fixture.query(f.begin().authUrl()).get("client_id"));
        assertTrue(f.stub.requestsTo("/as/register").isEmpty());
    }

    @Test
    void aRegistrationStoredBeforeTheBindingIsNeitherReusedNorRefreshedWithTheSecret() throws Exception {
        configure(f.issuer());
        f.authorize(); // stores the configured client for this issuer, as before the binding existed
        int before = f.stub.requests().size();
        McpAuthorizationManager unbound = McpAuthorizationManager.builder()
                .config(McpOAuthConfig.fromMap(java.util.Map.of("mcp.oauth.request-timeout", "5s", "mcp.oauth.allow-loopback", "true",
                        "mcp.oauth.client-id", CLIENT_ID, "mcp.oauth.client-secret", SECRET,
                        "mcp.oauth.client-issuers", "https://auth.example.com")))
                .store(f.store).httpClient(Fixture.HTTP).clock(f.clock).scheduler(f.scheduler).build();

        f.clock.advance(Duration.ofMinutes(59).plusSeconds(30)); // within the refresh skew
        CompletableFuture<?> refreshed = unbound.accessToken(Fixture.OWNER, Fixture.SERVER).handle((t, e) -> t);
        refreshed.get(10, TimeUnit.SECONDS);
        unbound.forget(Fixture.OWNER, Fixture.SERVER);
        PendingAuthorization again = Fixture.await(unbound.beginAuthorization(f.target(), BearerChallenge.none(), 1));

        assertEquals("dyn-client", Fixture.query(again.authUrl()).get("client_id"));
        assertNothingCarriesTheCredential(before);
    }
}
