package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.store.ClientRegistrationStore;
import io.github.mcpoauth.store.InMemoryMcpStore;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.PendingAuthorizationStore;
import io.github.mcpoauth.store.ServerStore;
import io.github.mcpoauth.store.TokenStore;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestClock;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link McpClientService#health()}: servers counted per state across owners, the store's outage
 * flipping it to unhealthy (with when it started) and back, a hanging store bounded by the check
 * timeout without piling up checks, and a refused refresh counted with its time. Nothing in it
 * names an owner, a URL or a token.
 */
class HealthTest {

    @Test
    void serversAreCountedPerStateAcrossOwnersAndTheSummaryNamesNoOne() throws Exception {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().start();
                TestMcpServer mcp = TestMcpServer.builder().protectedBy(as).start();
                ClientHarness harness = ClientHarness.withDefaults()) {
            McpHealth empty = harness.service.health();
            assertTrue(empty.healthy());
            assertEquals(0, empty.totalServers());
            assertEquals(0, empty.owners());

            AddServerResult waiting = harness.manager("alice").addMcpServer("secure", mcp.url());
            assertEquals(ConnectionState.AUTHENTICATING, waiting.state());
            AddServerResult added = harness.manager("bob").addMcpServer("secure", mcp.url());
            AddServerResult ready = harness.service.completeAuthorization("bob",
                    new BrowserStub().authorize(added.authUrl())).get(20, TimeUnit.SECONDS);
            assertEquals(ConnectionState.READY, ready.state());
            AddServerResult failed = harness.manager("carol").addMcpServer("gone", "http://127.0.0.1:9/mcp");
            assertEquals(ConnectionState.FAILED, failed.state());

            // an attempt's permit goes back just after its state settled
            Await.until(Duration.ofSeconds(5), "the connect gate to empty",
                    () -> harness.service.health().connectsInFlight() == 0);
            McpHealth health = harness.service.health();
            assertTrue(health.healthy());
            assertTrue(health.storeUnavailableSince().isEmpty());
            assertEquals(3, health.owners());
            assertEquals(3, health.totalServers());
            assertEquals(1, health.servers().get(ConnectionState.AUTHENTICATING));
            assertEquals(1, health.servers().get(ConnectionState.READY));
            assertEquals(1, health.servers().get(ConnectionState.FAILED));
            assertEquals(0, health.servers().get(ConnectionState.CONNECTING));
            assertEquals(List.of(ConnectionState.values()), List.copyOf(health.servers().keySet()));
            assertEquals(0, health.connectsInFlight());
            assertEquals(0, health.connectsQueued());
            assertEquals(0, health.refreshFailures());
            String text = health.toString();
            for (String secret : List.of("alice", "bob", "carol", mcp.url(), "127.0.0.1", "secure", "gone", waiting.authUrl())) {
                assertFalse(text.contains(secret), "the summary names " + secret + ": " + text);
            }
        }
    }

    @Test
    void anUnreachableStoreMakesItUnhealthyFromWhenItsOutageStartedUntilItAnswersAgain() {
        Instant outageStart = Instant.parse("2026-12-01T10:15:30Z");
        SwitchedStore store = new SwitchedStore(new InMemoryMcpStore());
        try (ClientHarness harness = new ClientHarness(Map.of(), java.time.Clock.systemUTC(), store)) {
            assertTrue(harness.service.health().healthy());

            store.down(outageStart);
            Await.until(Duration.ofSeconds(10), "the summary to see the outage", () -> !harness.service.health().healthy());
            McpHealth down = harness.service.health();
            assertFalse(down.storeReachable());
            assertEquals(Optional.of(outageStart), down.storeUnavailableSince(), "from the store's outage tracking");
            assertThrows(McpOAuthException.class, () -> harness.manager("alice").getMcpServers());

            store.up();
            Await.until(Duration.ofSeconds(10), "the summary to see the store back", () -> harness.service.health().healthy());
            assertTrue(harness.service.health().storeUnavailableSince().isEmpty());
        }
    }

    @Test
    void aHangingStoreIsReportedUnreachableWithinTheTimeoutAndConcurrentCallersShareOneCheck() throws Exception {
        SwitchedStore store = new SwitchedStore(new InMemoryMcpStore());
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try (ClientHarness harness = new ClientHarness(Map.of(), java.time.Clock.systemUTC(), store)) {
            CountDownLatch release = store.hang();
            long started = System.nanoTime();
            Instant before = Instant.now();
            List<CompletableFuture<McpHealth>> asked = List.of(
                    CompletableFuture.supplyAsync(harness.service::health, callers),
                    CompletableFuture.supplyAsync(harness.service::health, callers),
                    CompletableFuture.supplyAsync(harness.service::health, callers),
                    CompletableFuture.supplyAsync(harness.service::health, callers));
            for (CompletableFuture<McpHealth> answer : asked) {
                McpHealth health = answer.get(10, TimeUnit.SECONDS);
                assertFalse(health.healthy());
                Instant since = health.storeUnavailableSince().orElseThrow();
                assertFalse(since.isBefore(before.minusSeconds(1)), "the first failed check: " + since);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(McpClientService.STORE_CHECK_TIMEOUT.plusSeconds(3)) < 0, "took " + took);
            assertEquals(1, store.checks.get(), "callers share the check in flight");
            release.countDown();
            Await.until(Duration.ofSeconds(10), "the store to answer again", () -> harness.service.health().healthy());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aRefusedRefreshIsCountedWithItsTime() throws Exception {
        TestClock clock = TestClock.startingNow();
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().clock(clock)
                        .accessTokenLifetime(Duration.ofSeconds(60)).start();
                TestMcpServer mcp = TestMcpServer.builder().protectedBy(as).start();
                ClientHarness harness = new ClientHarness(Map.of(), clock)) {
            McpClientManager manager = harness.manager("alice");
            AddServerResult added = manager.addMcpServer("secure", mcp.url());
            assertEquals(ConnectionState.READY, harness.service.completeAuthorization("alice",
                    new BrowserStub().authorize(added.authUrl())).get(20, TimeUnit.SECONDS).state());
            assertEquals(0, harness.service.health().refreshFailures());

            as.revokeAll();
            clock.advance(Duration.ofSeconds(31));
            Instant refreshedAt = clock.instant();
            try {
                manager.callTool(added.id(), "echo", Map.of("text", "after the grant was revoked"));
            } catch (McpOAuthException expected) {
                // the tool call needs authorizing again; what matters here is the count
            }
            McpHealth health = harness.service.health();
            assertEquals(1, health.refreshFailures());
            assertEquals(Optional.of(refreshedAt), health.lastRefreshFailure());
        }
    }

    /** An in-memory store whose check can fail (with an outage start) or hang, as a lost database does. */
    private static final class SwitchedStore implements McpStore {
        private final McpStore store;
        final AtomicInteger checks = new AtomicInteger();
        private volatile Instant downSince;
        private volatile CountDownLatch hanging;

        SwitchedStore(McpStore store) {
            this.store = store;
        }

        void down(Instant since) {
            downSince = since;
        }

        void up() {
            downSince = null;
        }

        CountDownLatch hang() {
            CountDownLatch latch = new CountDownLatch(1);
            hanging = latch;
            return latch;
        }

        @Override
        public void check() {
            checks.incrementAndGet();
            CountDownLatch latch = hanging;
            if (latch != null) {
                try {
                    latch.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                hanging = null;
            }
            if (downSince != null) {
                throw new McpOAuthException(McpOAuthException.Code.UNAVAILABLE, "the database is down");
            }
        }

        @Override
        public Optional<Instant> unavailableSince() {
            return Optional.ofNullable(downSince);
        }

        private <T> T unlessDown(T view) {
            if (downSince != null) {
                throw new McpOAuthException(McpOAuthException.Code.UNAVAILABLE, "the database is down");
            }
            return view;
        }

        @Override
        public ServerStore servers() {
            return unlessDown(store.servers());
        }

        @Override
        public TokenStore tokens() {
            return unlessDown(store.tokens());
        }

        @Override
        public ClientRegistrationStore registrations() {
            return unlessDown(store.registrations());
        }

        @Override
        public PendingAuthorizationStore pendingAuthorizations() {
            return unlessDown(store.pendingAuthorizations());
        }
    }
}
