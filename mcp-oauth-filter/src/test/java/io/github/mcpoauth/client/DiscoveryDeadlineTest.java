package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.TestMcpServer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The discovery timeout is one deadline on the whole attempt, on the module's scheduler: a server
 * that completes the handshake and then never answers {@code tools/list} ends the attempt at the
 * deadline (well before the SDK's own request timeout), closes the session it opened (its DELETE
 * reaches the server) and gives the connect turn back for the next server.
 */
class DiscoveryDeadlineTest {

    /** Holds every tools/list until released; counts them and the session DELETEs. */
    private static final class HeldListing implements Filter {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger listings = new AtomicInteger();
        final AtomicInteger deletes = new AtomicInteger();

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) request;
            if ("DELETE".equals(http.getMethod())) {
                deletes.incrementAndGet();
            }
            if (!"POST".equals(http.getMethod())) {
                chain.doFilter(request, response);
                return;
            }
            byte[] body = http.getInputStream().readAllBytes();
            if (new String(body, StandardCharsets.UTF_8).contains("\"tools/list\"")) {
                listings.incrementAndGet();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            chain.doFilter(new Replayed(http, body), response);
        }
    }

    /** The request with its body, already read by the filter, to read again. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayed(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aServerThatNeverListsEndsAtTheDeadlineClosesItsSessionAndFreesTheTurn() throws Exception {
        HeldListing held = new HeldListing();
        try (TestMcpServer stuck = TestMcpServer.builder().filter(held).start();
                TestMcpServer fine = TestMcpServer.builder().start();
                ClientHarness harness = new ClientHarness(Map.of(
                        "mcp.oauth.max-concurrent-connects", "1",
                        "mcp.oauth.discovery-timeout", "2s",
                        "mcp.oauth.request-timeout", "60s",
                        "mcp.oauth.retry-max-attempts", "1"), Clock.systemUTC())) {
            try {
                McpClientManager manager = harness.manager("alice");
                // a first server warms the client up, so the handshake below fits the deadline easily
                assertEquals(ConnectionState.READY, manager.addMcpServerAsync("warm", fine.url(), ServerOptions.defaults())
                        .get(30, TimeUnit.SECONDS).state());

                // 15 s: the deadline (2 s) ended it, not the SDK's request timeout (60 s)
                AddServerResult result = manager.addMcpServerAsync("stuck", stuck.url(), ServerOptions.defaults())
                        .get(15, TimeUnit.SECONDS);
                assertEquals(ConnectionState.FAILED, result.state());
                assertEquals("Timed out waiting for the server", manager.getServer(result.id()).error());
                assertEquals(1, held.listings.get(), "the attempt was listing when the deadline came");

                Await.until(Duration.ofSeconds(10), "the timed-out session's DELETE", () -> held.deletes.get() == 1);
                assertEquals(1, harness.service.openSessions(), "only the warm-up's session is open");

                AddServerResult next = manager.addMcpServerAsync("next", fine.url() + "?n=2", ServerOptions.defaults())
                        .get(30, TimeUnit.SECONDS);
                assertEquals(ConnectionState.READY, next.state(), "the only connect turn was given back");
            } finally {
                held.release.countDown();
            }
        }
    }
}
