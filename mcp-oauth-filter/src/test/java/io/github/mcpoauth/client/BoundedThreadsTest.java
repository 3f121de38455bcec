package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.TestMcpServer;
import java.time.Clock;
import java.util.ArrayList;
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
            List<CompletableFuture<AddServerResult>> adds = new ArrayList<>();
            for (int o = 0; o < OWNERS; o++) {
                McpClientManager manager = harness.manager("owner-" + o);
                for (int i = 0; i < SERVERS_PER_OWNER; i++) {
                    adds.add(manager.addMcpServerAsync("s" + i, server.url(), ServerOptions.defaults()));
                    peaks.sample();
                }
            }
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
            assertTrue(peaks.http <= HTTP_THREADS, "HTTP threads: " + peaks.http);
            assertTrue(peaks.blocking <= BLOCKING_THREADS, "blocking threads: " + peaks.blocking);
            assertTrue(peaks.scheduler <= 1, "scheduler threads: " + peaks.scheduler);
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
     * The most threads of each kind seen alive at once, beyond those alive before (services of
     * earlier tests in this JVM may still be ending theirs).
     */
    private static final class Peaks {
        private static final Predicate<Thread> HTTP = named("mcp-oauth-http-");
        private static final Predicate<Thread> BLOCKING = named("mcp-oauth-blocking-");
        private static final Predicate<Thread> SCHEDULER = named("mcp-oauth-scheduler-");
        private static final Predicate<Thread> SELECTOR = t -> t.getName().startsWith("HttpClient-")
                && t.getName().endsWith("-SelectorManager");

        final int baseline = count(t -> true);
        private final int httpBefore = count(HTTP);
        private final int blockingBefore = count(BLOCKING);
        private final int schedulerBefore = count(SCHEDULER);
        private final int selectorsBefore = count(SELECTOR);
        int http;
        int blocking;
        int scheduler;
        int selectors;
        int total;

        void sample() {
            http = Math.max(http, count(HTTP) - httpBefore);
            blocking = Math.max(blocking, count(BLOCKING) - blockingBefore);
            scheduler = Math.max(scheduler, count(SCHEDULER) - schedulerBefore);
            selectors = Math.max(selectors, count(SELECTOR) - selectorsBefore);
            total = Math.max(total, count(t -> true));
        }

        private static Predicate<Thread> named(String prefix) {
            return t -> t.getName().startsWith(prefix);
        }

        private static int count(Predicate<Thread> kind) {
            // the test's MCP server (Jetty's pool) shares this JVM; it is not the client's
            return (int) Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !t.getName().startsWith("test-jetty"))
                    .filter(kind).count();
        }
    }
}
