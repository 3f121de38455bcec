package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code waitForConnections}: done when every server of the owner settles, or at its timeout. */
class WaitForConnectionsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Holds every POST (the initialize first) until released, and counts DELETEs. */
    private static final class Held implements Filter {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger deletes = new AtomicInteger();

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String method = ((HttpServletRequest) request).getMethod();
            if ("DELETE".equals(method)) {
                deletes.incrementAndGet();
            } else if ("POST".equals(method)) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            chain.doFilter(request, response);
        }
    }

    @Test
    void returnsTrueOnceEveryServerIsReadyFailedOrAuthenticating() throws Exception {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().start();
                TestMcpServer open = TestMcpServer.builder().start();
                TestMcpServer secure = TestMcpServer.builder().protectedBy(as).start();
                ClientHarness harness = ClientHarness.withDefaults()) {
            McpClientManager manager = harness.manager("alice");
            manager.addMcpServerAsync("open", open.url(), ServerOptions.defaults());
            manager.addMcpServerAsync("secure", secure.url(), ServerOptions.defaults());
            manager.addMcpServerAsync("gone", deadUrl(), ServerOptions.defaults());

            assertTrue(manager.waitForConnections(WAIT));

            Map<String, ConnectionState> states = new HashMap<>();
            manager.getMcpServers().servers().values().forEach(v -> states.put(v.name(), v.connectionState()));
            assertEquals(Map.of("open", ConnectionState.READY, "secure", ConnectionState.AUTHENTICATING,
                    "gone", ConnectionState.FAILED), states);
        }
    }

    @Test
    void answersFalseAtTheTimeoutWhileAServerNeverSettlesThenTrueOnceItDoes() throws Exception {
        Held held = new Held();
        try (TestMcpServer stuck = TestMcpServer.builder().filter(held).start();
                ClientHarness harness = ClientHarness.withDefaults()) {
            try {
                McpClientManager manager = harness.manager("alice");
                CompletableFuture<AddServerResult> adding = manager.addMcpServerAsync("stuck", stuck.url(),
                        ServerOptions.defaults());

                long started = System.nanoTime();
                assertFalse(manager.waitForConnections(Duration.ofMillis(300)));
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertTrue(tookMillis >= 300 && tookMillis < 5_000, "bounded by its timeout: " + tookMillis + " ms");
                assertFalse(adding.isDone());

                CompletableFuture<Boolean> later = manager.waitForConnectionsAsync(WAIT);
                assertFalse(later.isDone());
                held.release.countDown();
                assertTrue(later.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                assertEquals(ConnectionState.READY, adding.get(WAIT.toSeconds(), TimeUnit.SECONDS).state());
            } finally {
                held.release.countDown();
            }
        }
    }

    @Test
    void aConnectionClosedWhileConnectingCountsAsSettledAndItsLateSessionIsClosed() throws Exception {
        Held held = new Held();
        try (TestMcpServer stuck = TestMcpServer.builder().filter(held).start();
                ClientHarness harness = ClientHarness.withDefaults()) {
            try {
                McpClientManager manager = harness.manager("alice");
                CompletableFuture<AddServerResult> adding = manager.addMcpServerAsync("stuck", stuck.url(),
                        ServerOptions.defaults());
                assertFalse(manager.waitForConnections(Duration.ZERO));

                manager.closeConnection(only(manager));

                assertTrue(manager.waitForConnections(Duration.ZERO));
                assertEquals(ConnectionState.NOT_CONNECTED, adding.get(WAIT.toSeconds(), TimeUnit.SECONDS).state());
                held.release.countDown();
                Await.until(WAIT, "the abandoned attempt's session to be closed", () -> held.deletes.get() == 1);
                assertEquals(ConnectionState.NOT_CONNECTED, manager.getServer(only(manager)).connectionState());
                assertEquals(0, harness.service.openSessions());
            } finally {
                held.release.countDown();
            }
        }
    }

    private static String only(McpClientManager manager) {
        return manager.getMcpServers().servers().keySet().iterator().next();
    }

    /** A loopback URL nothing listens on. */
    private static String deadUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/mcp";
        }
    }
}
