package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.store.TokenSet;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code closeConnection} and {@code closeAllConnections}, as the seed's: the session ends, the
 * server, its registration and tokens stay, and {@code reconnect} needs no new authorization.
 */
class CloseConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final AtomicInteger deletes = new AtomicInteger();
    private TestAuthorizationServer as;
    private TestMcpServer mcp;
    private ClientHarness harness;

    @BeforeEach
    void start() {
        as = TestAuthorizationServer.builder().start();
        mcp = TestMcpServer.builder().protectedBy(as).filter((request, response, chain) -> {
            if ("DELETE".equals(((HttpServletRequest) request).getMethod())) {
                deletes.incrementAndGet();
            }
            chain.doFilter(request, response);
        }).start();
        harness = ClientHarness.withDefaults();
    }

    @AfterEach
    void stop() {
        harness.close();
        mcp.close();
        as.close();
    }

    private String readyServer(String owner, String name) throws Exception {
        AddServerResult added = harness.manager(owner).addMcpServer(name, mcp.url());
        AddServerResult done = harness.service.completeAuthorization(owner, new BrowserStub().authorize(added.authUrl()))
                .get(20, TimeUnit.SECONDS);
        assertEquals(ConnectionState.READY, done.state());
        return added.id();
    }

    private static String echo(McpClientManager manager, String id) {
        return String.valueOf(manager.callTool(id, "echo", Map.of("text", "hi")).content());
    }

    @Test
    void closeConnectionEndsTheSessionKeepsServerAndTokensAndReconnectNeedsNoNewAuthorization() throws Exception {
        McpClientManager manager = harness.manager("alice");
        String id = readyServer("alice", "secure");
        TokenSet tokens = harness.store.tokens().find("alice", id).orElseThrow();
        int authorizations = as.authorizationRequests().size();

        manager.closeConnection(id);

        Await.until(WAIT, "the session's DELETE at the server", () -> deletes.get() == 1);
        assertEquals(0, harness.service.openSessions());
        ServerView view = manager.getServer(id);
        assertEquals("not-connected", view.state());
        assertEquals(ConnectionState.NOT_CONNECTED, view.connectionState());
        assertTrue(manager.getMcpServers().tools().isEmpty(), "a closed server offers no tools");
        assertTrue(harness.store.servers().find("alice", id).isPresent());
        assertTrue(harness.store.registrations().find("alice", id).isPresent());
        assertEquals(tokens, harness.store.tokens().find("alice", id).orElseThrow());

        McpOAuthException refused = assertThrows(McpOAuthException.class, () -> echo(manager, id));
        assertEquals(McpOAuthException.Code.CONFLICT, refused.code());
        assertEquals(0, harness.service.openSessions(), "a request does not reopen a closed connection");

        AddServerResult again = manager.reconnect(id);
        assertEquals(ConnectionState.READY, again.state());
        assertNull(again.authUrl());
        assertEquals(authorizations, as.authorizationRequests().size(), "no new authorization");
        assertTrue(echo(manager, id).contains("hi"));
    }

    @Test
    void closeAllConnectionsClosesEveryServerOfThatOwnerAndNoOtherOwners() throws Exception {
        McpClientManager alice = harness.manager("alice");
        McpClientManager bob = harness.manager("bob");
        String first = readyServer("alice", "one");
        String second = readyServer("alice", "two");
        String bobs = readyServer("bob", "one");

        alice.closeAllConnections();

        Await.until(WAIT, "both of alice's sessions to send DELETE", () -> deletes.get() == 2);
        assertEquals(ConnectionState.NOT_CONNECTED, alice.getServer(first).connectionState());
        assertEquals(ConnectionState.NOT_CONNECTED, alice.getServer(second).connectionState());
        assertEquals(2, harness.store.servers().list("alice").size(), "alice's servers are kept");
        assertEquals(ConnectionState.READY, bob.getServer(bobs).connectionState());
        assertTrue(echo(bob, bobs).contains("hi"));
        assertEquals(1, harness.service.openSessions(), "only bob's session is open");
        assertEquals(2, deletes.get(), "bob's session was not closed");
    }
}
