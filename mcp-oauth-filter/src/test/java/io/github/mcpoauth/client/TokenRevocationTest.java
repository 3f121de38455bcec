package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.store.TokenSet;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.LogCapture;
import io.github.mcpoauth.testsupport.RecordedTokenRequest;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Removing a server revokes its tokens at the authorization server (RFC 7009), and never depends on it. */
class TokenRevocationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private TestAuthorizationServer as;
    private TestMcpServer mcp;
    private ClientHarness harness;

    @BeforeEach
    void start() {
        as = TestAuthorizationServer.builder().revocation(true).start();
        mcp = TestMcpServer.builder().protectedBy(as).start();
        harness = ClientHarness.withDefaults();
    }

    @AfterEach
    void stop() {
        harness.close();
        mcp.close();
        as.close();
    }

    /** Adds and authorizes a server; returns its id. */
    private String readyServer() throws Exception {
        AddServerResult added = harness.manager("alice").addMcpServer("secure", mcp.url());
        AddServerResult done = harness.service.completeAuthorization("alice", new BrowserStub().authorize(added.authUrl()))
                .get(20, TimeUnit.SECONDS);
        assertEquals(ConnectionState.READY, done.state());
        return added.id();
    }

    @Test
    void removingAServerRevokesItsRefreshAndAccessTokensWithTheClientsAuthentication() throws Exception {
        String id = readyServer();
        TokenSet tokens = harness.store.tokens().find("alice", id).orElseThrow();
        assertTrue(as.verify(tokens.accessToken()).isPresent());

        harness.manager("alice").removeMcpServer(id);

        Await.until(WAIT, "two revocation requests", () -> as.revocationRequests().size() == 2);
        List<RecordedTokenRequest> revocations = as.revocationRequests();
        Map<String, String> hints = revocations.stream().collect(Collectors.toMap(
                r -> r.param("token").orElseThrow(), r -> r.param("token_type_hint").orElse("")));
        assertEquals(Map.of(tokens.refreshToken(), "refresh_token", tokens.accessToken(), "access_token"), hints);
        RecordedTokenRequest tokenRequest = as.tokenRequests().get(0);
        for (RecordedTokenRequest revocation : revocations) {
            // the same client authentication as at the token endpoint, which the revocation endpoint checked
            assertEquals(tokenRequest.authorizationHeader(), revocation.authorizationHeader());
            assertEquals(tokenRequest.param("client_id"), revocation.param("client_id"));
            assertEquals(tokenRequest.param("client_secret"), revocation.param("client_secret"));
        }
        Await.until(WAIT, "the access token to be revoked", () -> as.verify(tokens.accessToken()).isEmpty());
        assertTrue(harness.store.tokens().find("alice", id).isEmpty());
    }

    @Test
    void removalReturnsAtOnceWhileTheRevocationEndpointIsSlow() throws Exception {
        String id = readyServer();
        Runnable release = as.holdRevocations();
        try {
            long started = System.nanoTime();
            harness.manager("alice").removeMcpServer(id);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "removal took " + took);
            assertTrue(harness.manager("alice").getMcpServers().servers().isEmpty());
            assertTrue(harness.store.tokens().find("alice", id).isEmpty());
            assertTrue(as.revocationRequests().isEmpty());
        } finally {
            release.run();
        }
        Await.until(WAIT, "the held revocations to arrive", () -> as.revocationRequests().size() == 2);
    }

    @Test
    void aFailedRevocationIsLoggedWithoutTokensOrTheUpstreamBodyAndTheServerIsStillRemoved() throws Exception {
        String id = readyServer();
        TokenSet tokens = harness.store.tokens().find("alice", id).orElseThrow();
        as.failRevocations();
        try (LogCapture log = LogCapture.start()) {
            harness.manager("alice").removeMcpServer(id);

            Await.until(WAIT, "the failure to be logged", () -> log.text().contains("Could not revoke the tokens"));
            String text = log.text();
            for (String secret : Set.of(tokens.accessToken(), tokens.refreshToken(),
                    "revocation-backend-down-upstream-detail")) {
                assertFalse(text.contains(secret), text);
            }
            assertTrue(text.contains("HTTP 503"), text);
        }
        assertTrue(harness.manager("alice").getMcpServers().servers().isEmpty());
        assertTrue(harness.store.tokens().find("alice", id).isEmpty());
    }

    @Test
    void withoutARevocationEndpointNothingIsRevoked() throws Exception {
        try (TestAuthorizationServer plain = TestAuthorizationServer.builder().start();
                TestMcpServer server = TestMcpServer.builder().protectedBy(plain).start()) {
            AddServerResult added = harness.manager("alice").addMcpServer("plain", server.url());
            harness.service.completeAuthorization("alice", new BrowserStub().authorize(added.authUrl()))
                    .get(20, TimeUnit.SECONDS);
            TokenSet tokens = harness.store.tokens().find("alice", added.id()).orElseThrow();
            int metadataBefore = plain.metadataRequestCount();

            harness.manager("alice").removeMcpServer(added.id());

            Await.until(WAIT, "the metadata to be read again", () -> plain.metadataRequestCount() > metadataBefore);
            assertTrue(plain.verify(tokens.accessToken()).isPresent());
            assertTrue(plain.revocationRequests().isEmpty());
        }
    }
}
