package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.TestMcpServer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The global cap on connection attempts: with cap K, never more than K handshakes reach the server
 * at once, and a crowd far larger than K all ends ready, although waiting their turn takes longer
 * than one server's discovery timeout (the timeout starts with the attempt, not in the queue).
 */
class ConnectCapTest {

    private static final int CAP = 4;
    private static final int OWNERS = 4;
    private static final int SERVERS_PER_OWNER = 50;

    /** Counts handshakes in progress (initialize is the one POST without a session) and slows each down. */
    private static final class SlowHandshakes implements Filter {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final AtomicInteger total = new AtomicInteger();

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) request;
            if (!"POST".equals(http.getMethod()) || http.getHeader("Mcp-Session-Id") != null) {
                chain.doFilter(request, response);
                return;
            }
            total.incrementAndGet();
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(50); // a slow server: what makes attempts overlap
                chain.doFilter(request, response);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    @Test
    void neverMoreThanTheCapConnectAtOnceAndEveryServerEndsReady() throws Exception {
        SlowHandshakes handshakes = new SlowHandshakes();
        try (TestMcpServer server = TestMcpServer.builder().filter(handshakes).start();
                ClientHarness harness = new ClientHarness(Map.of(
                        "mcp.oauth.max-concurrent-connects", String.valueOf(CAP),
                        // 200 handshakes of 50 ms, 4 at a time, take 2.5 s at least: longer than one timeout
                        "mcp.oauth.discovery-timeout", "2s",
                        "mcp.oauth.retry-max-attempts", "1"), Clock.systemUTC())) {
            List<CompletableFuture<AddServerResult>> adds = harness.addServers(OWNERS, SERVERS_PER_OWNER, server.url());
            CompletableFuture.allOf(adds.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

            long ready = adds.stream().filter(f -> f.join().state() == ConnectionState.READY).count();
            assertEquals(OWNERS * SERVERS_PER_OWNER, ready, "every server ends ready, none failed");
            assertEquals(OWNERS * SERVERS_PER_OWNER, handshakes.total.get(), "one handshake each");
            assertTrue(handshakes.peak.get() <= CAP, "at most " + CAP + " at once, saw " + handshakes.peak.get());
            assertEquals(CAP, handshakes.peak.get(), "the cap is also used in full");
        }
    }
}
