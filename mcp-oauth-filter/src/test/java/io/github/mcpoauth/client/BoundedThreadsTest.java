package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.JdkSelectorThreads;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/**
 * The number of threads does not grow with servers or owners: 1,000 servers of 20 owners connect
 * on the configured pools, one HTTP selector, Reactor's bounded schedulers and the JDK's response
 * hand-offs, however many there are.
 */
class BoundedThreadsTest {

    private static final int OWNERS = 20;
    private static final int SERVERS_PER_OWNER = 50;
    private static final int HTTP_THREADS = 4;
    private static final int BLOCKING_THREADS = 4;
    private static final int CONNECTS = 16;

    @Test
    void aThousandServersConnectOnAFixedNumberOfThreads() throws Exception {
        Peaks peaks = new Peaks();
        try (TestMcpServer server = TestMcpServer.builder().start();
                ClientHarness harness = new ClientHarness(Map.of(
                        "mcp.oauth.http-threads", String.valueOf(HTTP_THREADS),
                        "mcp.oauth.blocking-threads", String.valueOf(BLOCKING_THREADS),
                        "mcp.oauth.max-concurrent-connects", String.valueOf(CONNECTS),
                        "mcp.oauth.discovery-timeout", "30s"), Clock.systemUTC())) {
            List<CompletableFuture<AddServerResult>> adds = harness.addServers(OWNERS, SERVERS_PER_OWNER, server.url());
            CompletableFuture<Void> all = CompletableFuture.allOf(adds.toArray(CompletableFuture[]::new));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!all.isDone() && System.nanoTime() < deadline) {
                peaks.sample();
                try {
                    all.get(20, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillConnecting) {
                    // sample again
                }
            }
            all.get(1, TimeUnit.SECONDS);
            peaks.sample();

            assertEquals(OWNERS * SERVERS_PER_OWNER, adds.stream().filter(f -> f.join().state() == ConnectionState.READY).count());
            assertEquals(OWNERS * SERVERS_PER_OWNER, harness.service.openSessions());
            McpClientService.PoolPeaks pools = harness.service.poolPeaks();
            assertTrue(pools.http() >= 1 && pools.http() <= HTTP_THREADS, "HTTP threads: " + pools);
            assertTrue(pools.blocking() >= 1 && pools.blocking() <= BLOCKING_THREADS, "blocking threads: " + pools);
            assertEquals(1, pools.scheduler(), "scheduler threads: " + pools);
            assertTrue(peaks.selectors <= 1, "HTTP client selectors: " + peaks.selectors);
            // everything but the test's own server: the pools above, Reactor's bounded schedulers, and
            // the JDK's short-lived response hand-offs (at most one per response in flight)
            int bound = HTTP_THREADS + BLOCKING_THREADS + 1 + 1 + Schedulers.DEFAULT_POOL_SIZE
                    + Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE + 4 * CONNECTS + peaks.baseline;
            System.out.printf("BoundedThreadsTest: %d servers ready, peak %d threads outside the test server"
                    + " (baseline %d, bound %d)%n", adds.size(), peaks.total, peaks.baseline, bound);
            assertTrue(peaks.total <= bound, "threads outside the test server peaked at " + peaks.total
                    + ", bound " + bound + " (baseline " + peaks.baseline + ")");
        }
    }

    /**
     * The most threads seen alive at once, and new HTTP selectors (on Java 17 those of earlier
     * tests' clients end only once the client is collected). Services of earlier tests that were
     * not closed can still start pool threads here, which is why the pools are asked directly.
     */
    private static final class Peaks {
        private static final Predicate<Thread> SELECTOR = JdkSelectorThreads::isSelector;

        final int baseline = count(t -> true);
        private final int selectorsBefore = count(SELECTOR);
        int selectors;
        int total;

        void sample() {
            selectors = Math.max(selectors, count(SELECTOR) - selectorsBefore);
            total = Math.max(total, count(t -> true));
        }

        private static int count(Predicate<Thread> kind) {
            // the test's MCP server (Jetty's pool) shares this JVM; it is not the client's
            return (int) Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !t.getName().startsWith("test-jetty"))
                    .filter(kind).count();
        }
    }
}
