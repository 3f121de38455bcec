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
        try (TestMcpServer server = TestMcpServer.builder().start();
                ClientHarness harness = new ClientHarness(Map.of(
                        "mcp.oauth.http-threads", String.valueOf(HTTP_THREADS),
                        "mcp.oauth.blocking-threads", String.valueOf(BLOCKING_THREADS),
                        "mcp.oauth.max-concurrent-connects", String.valueOf(CONNECTS),
                        "mcp.oauth.discovery-timeout", "30s"), Clock.systemUTC())) {
            Peaks peaks = new Peaks();
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

    /** The most threads of each kind seen alive at once. */
    private static final class Peaks {
        final int baseline = count(t -> true);
        // earlier tests' clients in this JVM: on Java 17 a selector ends only once its client is collected
        final int selectorsBefore = count(Peaks::isSelector);
        int http;
        int blocking;
        int scheduler;
        int selectors;
        int total;

        void sample() {
            http = Math.max(http, count(t -> t.getName().startsWith("mcp-oauth-http-")));
            blocking = Math.max(blocking, count(t -> t.getName().startsWith("mcp-oauth-blocking-")));
            scheduler = Math.max(scheduler, count(t -> t.getName().startsWith("mcp-oauth-scheduler-")));
            selectors = Math.max(selectors, count(Peaks::isSelector) - selectorsBefore);
            total = Math.max(total, count(t -> true));
        }

        private static boolean isSelector(Thread t) {
            return t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager");
        }

        private static int count(Predicate<Thread> kind) {
            // the test's MCP server (Jetty's pool) shares this JVM; it is not the client's
            return (int) Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !t.getName().startsWith("test-jetty"))
                    .filter(kind).count();
        }
    }
}
