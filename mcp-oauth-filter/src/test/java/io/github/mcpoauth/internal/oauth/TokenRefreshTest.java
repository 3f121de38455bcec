package io.github.mcpoauth.internal.oauth;

import static io.github.mcpoauth.internal.oauth.Fixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.store.TokenSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Refresh before expiry and after rejection: single-flight, invalid_grant, no resurrection. */
class TokenRefreshTest {

    private final Fixture f = new Fixture();
    private TokenSet initial;

    @BeforeEach
    void authorize() {
        initial = f.authorize(); // at-1 / rt-1, expires in an hour
    }

    @AfterEach
    void close() {
        f.close();
    }

    private List<StubServer.Request> refreshRequests() {
        return f.stub.requestsTo("/as/token").stream()
                .filter(r -> "refresh_token".equals(r.form().get("grant_type"))).toList();
    }

    private Optional<String> accessToken() {
        return await(f.manager().accessToken(Fixture.OWNER, Fixture.SERVER));
    }

    private Optional<TokenSet> stored() {
        return f.store.tokens().find(Fixture.OWNER, Fixture.SERVER);
    }

    /** Answers token requests only once the test opens the latch. */
    private CountDownLatch holdTokenResponses(CountDownLatch received) {
        CountDownLatch release = new CountDownLatch(1);
        f.tokenHandler = r -> {
            received.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return f.issueTokens(r);
        };
        return release;
    }

    @Test
    void aFreshTokenIsReturnedWithoutRefreshing() {
        assertEquals(Optional.of("at-1"), accessToken());
        assertTrue(refreshRequests().isEmpty());
    }

    @Test
    void noTokensMeansEmpty() {
        assertEquals(Optional.empty(), await(f.manager().accessToken(Fixture.OWNER, "other")));
    }

    @Test
    void aTokenWithinTheSkewIsRefreshedWithResourceAndClientAuthAndTheNewOneStored() {
        f.clock.advance(Duration.ofMinutes(59).plusSeconds(30)); // 30 s left, skew is 60 s
        assertEquals(Optional.of("at-2"), accessToken());
        StubServer.Request refresh = refreshRequests().get(0);
        assertEquals("rt-1", refresh.form().get("refresh_token"));
        assertEquals(f.stub.origin() + "/mcp", refresh.form().get("resource"));
        assertTrue(refresh.header("authorization").startsWith("Basic "));
        assertEquals("at-2", stored().orElseThrow().accessToken());
        assertEquals("rt-2", stored().orElseThrow().refreshToken());
    }

    @Test
    void hundredConcurrentCallersOnAnExpiredTokenCauseExactlyOneRefresh() throws Exception {
        f.clock.advance(Duration.ofHours(2));
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = holdTokenResponses(received);
        List<CompletableFuture<Optional<String>>> calls = IntStream.range(0, 100)
                .mapToObj(i -> f.manager().accessToken(Fixture.OWNER, Fixture.SERVER)).toList();
        assertTrue(received.await(5, TimeUnit.SECONDS));
        release.countDown();
        for (CompletableFuture<Optional<String>> call : calls) {
            assertEquals(Optional.of("at-2"), await(call));
        }
        assertEquals(1, refreshRequests().size());
    }

    @Test
    void aRefreshResponseWithoutRefreshTokenKeepsTheOldOne() {
        f.tokenHandler = r -> StubServer.json(200, Map.of("access_token", "at-new", "token_type", "bearer",
                "expires_in", 600, "scope", "mcp:read"));
        f.clock.advance(Duration.ofHours(2));
        assertEquals(Optional.of("at-new"), accessToken());
        TokenSet now = stored().orElseThrow();
        assertEquals("rt-1", now.refreshToken());
        assertEquals("mcp:read", now.scope());
        assertEquals(f.clock.instant().plusSeconds(600), now.expiresAt());
    }

    @Test
    void invalidGrantDropsTheTokens() {
        f.tokenHandler = r -> StubServer.json(400, Map.of("error", "invalid_grant"));
        f.clock.advance(Duration.ofHours(2));
        assertEquals(Optional.empty(), accessToken());
        assertTrue(stored().isEmpty());
    }

    @Test
    void invalidGrantAfterRejectionDropsTheTokensAndAnswersFalse() {
        f.tokenHandler = r -> StubServer.json(400, Map.of("error", "invalid_grant"));
        assertFalse(await(f.manager().refreshAfterRejection(Fixture.OWNER, Fixture.SERVER, "at-1")));
        assertTrue(stored().isEmpty());
    }

    @Test
    void aRefreshThatLosesToADeleteDoesNotResurrectTheTokens() throws Exception {
        f.clock.advance(Duration.ofHours(2));
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = holdTokenResponses(received);
        CompletableFuture<Optional<String>> call = f.manager().accessToken(Fixture.OWNER, Fixture.SERVER);
        assertTrue(received.await(5, TimeUnit.SECONDS));
        f.store.tokens().delete(Fixture.OWNER, Fixture.SERVER);
        release.countDown();
        assertEquals(Optional.empty(), await(call));
        assertTrue(stored().isEmpty());
    }

    @Test
    void aRefreshThatLosesToAnotherWriterReturnsWhatTheStoreHas() throws Exception {
        f.clock.advance(Duration.ofHours(2));
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = holdTokenResponses(received);
        CompletableFuture<Optional<String>> call = f.manager().accessToken(Fixture.OWNER, Fixture.SERVER);
        assertTrue(received.await(5, TimeUnit.SECONDS));
        TokenSet other = new TokenSet("at-other", "rt-other", "Bearer", f.clock.instant().plusSeconds(3600), null,
                f.clock.instant());
        f.store.tokens().save(Fixture.OWNER, Fixture.SERVER, other);
        release.countDown();
        assertEquals(Optional.of("at-other"), await(call));
        assertEquals(Optional.of(other), stored());
    }

    @Test
    void rejectionOfAnOlderTokenNeedsNoRefresh() {
        assertTrue(await(f.manager().refreshAfterRejection(Fixture.OWNER, Fixture.SERVER, "at-0")));
        assertTrue(refreshRequests().isEmpty());
    }

    @Test
    void rejectionOfTheCurrentTokenRefreshesEvenBeforeExpiry() {
        assertTrue(await(f.manager().refreshAfterRejection(Fixture.OWNER, Fixture.SERVER, "at-1")));
        assertEquals(1, refreshRequests().size());
        assertEquals(Optional.of("at-2"), accessToken());
    }

    @Test
    void concurrentRejectionsShareOneRefresh() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = holdTokenResponses(received);
        List<CompletableFuture<Boolean>> calls = IntStream.range(0, 20)
                .mapToObj(i -> f.manager().refreshAfterRejection(Fixture.OWNER, Fixture.SERVER, "at-1")).toList();
        assertTrue(received.await(5, TimeUnit.SECONDS));
        release.countDown();
        for (CompletableFuture<Boolean> call : calls) {
            assertTrue(await(call));
        }
        assertEquals(1, refreshRequests().size());
    }

    @Test
    void withoutARefreshTokenRejectionAnswersFalseAndAnExpiredTokenIsNotUsable() {
        f.store.tokens().save(Fixture.OWNER, Fixture.SERVER,
                new TokenSet("at-x", null, "Bearer", f.clock.instant().plusSeconds(30), null, f.clock.instant()));
        assertFalse(await(f.manager().refreshAfterRejection(Fixture.OWNER, Fixture.SERVER, "at-x")));
        assertEquals(Optional.of("at-x"), accessToken(), "still valid for 30 s");
        f.clock.advance(Duration.ofSeconds(30));
        assertEquals(Optional.empty(), accessToken());
        assertTrue(refreshRequests().isEmpty());
    }

    @Test
    void aFailedRefreshKeepsAStillValidTokenButFailsForAnExpiredOne() {
        f.tokenHandler = r -> StubServer.text(503, "text/html", "<html>down</html>");
        f.clock.advance(Duration.ofMinutes(59).plusSeconds(30));
        assertEquals(Optional.of("at-1"), accessToken());
        f.clock.advance(Duration.ofMinutes(1));
        McpOAuthException e = Fixture.failure(f.manager().accessToken(Fixture.OWNER, Fixture.SERVER),
                McpOAuthException.Code.UPSTREAM);
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        assertEquals(initial, stored().orElseThrow());
    }

    @Test
    void forgetLetsANewRefreshStart() {
        f.manager().forget(Fixture.OWNER, Fixture.SERVER);
        f.clock.advance(Duration.ofHours(2));
        assertEquals(Optional.of("at-2"), accessToken());
    }

    @Test
    void theAccessTokenIsNeverSentToTheAuthorizationServer() {
        f.clock.advance(Duration.ofHours(2));
        accessToken();
        assertTrue(await(f.manager().refreshAfterRejection(Fixture.OWNER, Fixture.SERVER, "at-2")));
        for (StubServer.Request request : f.stub.requests()) {
            String all = request.path() + request.query() + request.headers() + request.body();
            assertFalse(all.contains("at-1") || all.contains("at-2"), request.path());
        }
    }
}
