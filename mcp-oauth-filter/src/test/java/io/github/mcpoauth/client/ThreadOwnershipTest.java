package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.ClientRegistrationStore;
import io.github.mcpoauth.store.InMemoryMcpStore;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.PendingAuthorizationStore;
import io.github.mcpoauth.store.ServerStore;
import io.github.mcpoauth.store.TokenStore;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every thread the service causes is its own and ends at close: what keeps a web application's
 * class loader collectable after undeploy. The work of a whole flow (add, authorize, ready, call
 * a tool) runs on the service's threads, never on the JVM-wide common pool.
 */
class ThreadOwnershipTest {

    private final BrowserStub browser = new BrowserStub();
    private TestAuthorizationServer as;
    private TestMcpServer mcp;

    @BeforeEach
    void start() {
        as = TestAuthorizationServer.builder().start();
        mcp = TestMcpServer.builder().protectedBy(as).start();
    }

    @AfterEach
    void stop() {
        mcp.close();
        as.close();
    }

    @Test
    void aWholeFlowRunsOnTheServicesOwnThreadsAndNoneIsLeftAfterClose() throws Exception {
        Set<String> before = liveThreads();
        RecordingStore store = new RecordingStore(new InMemoryMcpStore());
        McpClientService service = service(store);
        Set<String> selectors = newSince(before, "HttpClient-");
        assertEquals(1, selectors.size(), () -> "one selector thread for the shared client: " + selectors);
        service.onServerStateChanged((owner, id) -> store.seen.add(Thread.currentThread().getName()));

        McpClientManager manager = service.manager("alice");
        AddServerResult added = manager.addMcpServer("secure", mcp.url());
        assertEquals(ConnectionState.AUTHENTICATING, added.state());
        AddServerResult done = service.completeAuthorization("alice", browser.authorize(added.authUrl()))
                .get(20, TimeUnit.SECONDS);
        assertEquals(ConnectionState.READY, done.state());
        McpSchema.CallToolResult result = manager.callTool(added.id(), "echo", Map.of("text", "hi"));
        assertFalse(Boolean.TRUE.equals(result.isError()));

        // the test's own thread, or the service's: never the common pool, the JDK's or Reactor's
        Set<String> foreign = store.seen.stream()
                .filter(n -> !n.equals(Thread.currentThread().getName()) && !n.startsWith("mcp-oauth-"))
                .collect(Collectors.toSet());
        assertTrue(foreign.isEmpty(), () -> "work ran on threads the service does not own: " + foreign);
        assertTrue(store.seen.stream().anyMatch(n -> n.startsWith("mcp-oauth-http-")), () -> "seen: " + store.seen);
        assertFalse(newSince(before, "mcp-oauth-").isEmpty());

        service.close();

        try {
            Await.until(Duration.ofSeconds(5), "the service's threads to end",
                    () -> newSince(before, "mcp-oauth-").isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; still alive: " + stacks(newSince(before, "mcp-oauth-")), e);
        }
        // Java 21+ stops the selector at close; on 17 it ends once the JDK client is unreachable
        Await.until(Duration.ofSeconds(20), "the HTTP client's selector to end", () -> {
            System.gc();
            return liveThreads().stream().noneMatch(selectors::contains);
        });
    }

    @Test
    void aDeadlineCompletesOnTheServicesSchedulerAndAtOnceAfterClose() throws Exception {
        McpClientService service = service(new InMemoryMcpStore());
        CompletableFuture<String> pending = new CompletableFuture<>();
        String[] thread = new String[1];
        CompletableFuture<String> settled = service.deadlines().fallbackAfter(pending, "late", Duration.ofMillis(50))
                .thenApply(v -> {
                    thread[0] = Thread.currentThread().getName();
                    return v;
                });
        assertEquals("late", settled.get(5, TimeUnit.SECONDS));
        assertTrue(thread[0].startsWith("mcp-oauth-scheduler-"), thread[0]);
        assertEquals("done", service.deadlines().fallbackAfter(CompletableFuture.completedFuture("done"), "late",
                Duration.ofMillis(1)).get());

        service.close();

        assertEquals("closed", service.deadlines().fallbackAfter(new CompletableFuture<>(), "closed",
                Duration.ofHours(1)).getNow(null));
    }

    private static McpClientService service(McpStore store) {
        return McpClientService.builder().config(McpOAuthConfig.fromMap(Map.of(
                "mcp.oauth.callback-url", ClientHarness.CALLBACK,
                "mcp.oauth.allow-loopback", "true",
                "mcp.oauth.discovery-timeout", "15s",
                "mcp.oauth.request-timeout", "10s"))).store(store).build();
    }

    private static Set<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(t -> t.getName() + "#" + t.getId()).collect(Collectors.toSet());
    }

    private static String stacks(Set<String> names) {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, trace) -> {
            if (names.contains(t.getName() + "#" + t.getId())) {
                out.append('\n').append(t.getName()).append(' ').append(t.getState());
                for (StackTraceElement frame : trace) {
                    out.append("\n    at ").append(frame);
                }
            }
        });
        return out.toString();
    }

    private static Set<String> newSince(Set<String> before, String prefix) {
        return liveThreads().stream().filter(n -> n.startsWith(prefix) && !before.contains(n)).collect(Collectors.toSet());
    }

    /** Notes the thread of every store access: the service's blocking work. */
    private static final class RecordingStore implements McpStore {
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final McpStore delegate;

        RecordingStore(McpStore delegate) {
            this.delegate = delegate;
        }

        private void note() {
            seen.add(Thread.currentThread().getName());
        }

        @Override
        public ServerStore servers() {
            note();
            return delegate.servers();
        }

        @Override
        public TokenStore tokens() {
            note();
            return delegate.tokens();
        }

        @Override
        public ClientRegistrationStore registrations() {
            note();
            return delegate.registrations();
        }

        @Override
        public PendingAuthorizationStore pendingAuthorizations() {
            note();
            return delegate.pendingAuthorizations();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
