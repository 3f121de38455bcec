package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two nodes over one store: a watched owner's view on one node follows what happens on the other. */
class MultiNodeSyncTest {

    private static final Map<String, String> FAST_SYNC = Map.of("mcp.oauth.sync-interval", "100ms");

    @Test
    void aWatchedOwnerSeesAServerAuthorizedOnAnotherNodeBecomeReady() throws Exception {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().start();
                TestMcpServer mcp = TestMcpServer.builder().protectedBy(as).start();
                ClientHarness nodeA = new ClientHarness(FAST_SYNC);
                ClientHarness nodeB = new ClientHarness(FAST_SYNC, Clock.systemUTC(), nodeA.store);
                Subscription watch = nodeA.service.watch("alice")) {
            AddServerResult added = nodeA.manager("alice").addMcpServer("secure", mcp.url());
            assertEquals(ConnectionState.AUTHENTICATING, added.state());

            AddServerResult done = nodeB.service.completeAuthorization("alice",
                    new BrowserStub().authorize(added.authUrl())).get(20, TimeUnit.SECONDS);
            assertEquals(ConnectionState.READY, done.state());

            Await.until(Duration.ofSeconds(10), "node A shows the server ready",
                    () -> "ready".equals(nodeA.manager("alice").getServer(added.id()).state()));
            assertEquals(3, nodeA.manager("alice").getMcpServers().tools().size());
            assertEquals(1, as.authorizationRequests().size(), "no second authorization was started");
        }
    }

    @Test
    void theWatchedNodeShowsTheNewerAuthorizationAnotherNodeStartedAndTurnsReadyWhenItCompletes() throws Exception {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().start();
                TestMcpServer mcp = TestMcpServer.builder().protectedBy(as).start();
                ClientHarness nodeA = new ClientHarness(FAST_SYNC);
                ClientHarness nodeB = new ClientHarness(FAST_SYNC, Clock.systemUTC(), nodeA.store);
                Subscription watch = nodeA.service.watch("alice")) {
            AddServerResult added = nodeA.manager("alice").addMcpServer("secure", mcp.url());
            // node B, restarting at that moment, connects the server itself and starts its own authorization
            AddServerResult second = nodeB.manager("alice").reconnect(added.id());
            assertEquals(ConnectionState.AUTHENTICATING, second.state());
            assertTrue(!second.authUrl().equals(added.authUrl()));
            // the newer authorization retired the first: node A follows it rather than showing a dead link
            Await.until(Duration.ofSeconds(10), "node A shows the newer authUrl",
                    () -> second.authUrl().equals(nodeA.manager("alice").getServer(added.id()).authUrl()));
            ExecutionException retired = assertThrows(ExecutionException.class, () -> nodeB.service
                    .completeAuthorization("alice", new BrowserStub().authorize(added.authUrl()))
                    .get(20, TimeUnit.SECONDS));
            assertEquals(McpOAuthException.Code.INVALID_CALLBACK, ((McpOAuthException) retired.getCause()).code());

            nodeB.service.completeAuthorization("alice", new BrowserStub().authorize(second.authUrl()))
                    .get(20, TimeUnit.SECONDS);

            Await.until(Duration.ofSeconds(10), "node A shows the server ready",
                    () -> "ready".equals(nodeA.manager("alice").getServer(added.id()).state()));
        }
    }

    @Test
    void aWatchedOwnerSeesServersAddedAndRemovedOnAnotherNode() throws Exception {
        try (TestMcpServer mcp = TestMcpServer.builder().start();
                ClientHarness nodeA = new ClientHarness(FAST_SYNC);
                ClientHarness nodeB = new ClientHarness(FAST_SYNC, Clock.systemUTC(), nodeA.store)) {
            assertEquals(0, nodeA.manager("alice").getMcpServers().servers().size());
            Subscription watch = nodeA.service.watch("alice");

            String id = nodeB.manager("alice").addMcpServer("open", mcp.url()).id();
            Await.until(Duration.ofSeconds(10), "node A lists the server ready",
                    () -> nodeA.manager("alice").getMcpServers().servers().containsKey(id)
                            && "ready".equals(nodeA.manager("alice").getServer(id).state()));

            nodeB.manager("alice").removeMcpServer(id);
            Await.until(Duration.ofSeconds(10), "node A drops the server",
                    () -> !nodeA.manager("alice").getMcpServers().servers().containsKey(id));
            assertTrue(nodeA.store.servers().list("alice").isEmpty());
            watch.close();
        }
    }
}
