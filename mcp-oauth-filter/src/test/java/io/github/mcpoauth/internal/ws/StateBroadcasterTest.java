package io.github.mcpoauth.internal.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.InMemoryMcpStore;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.LateStore;
import io.github.mcpoauth.testsupport.LogCapture;
import io.github.mcpoauth.testsupport.TestMcpServer;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The broadcaster on one node, with the store shared by another node. */
class StateBroadcasterTest {

    private static McpClientService node(McpStore store) {
        return McpClientService.builder().store(store).config(McpOAuthConfig.fromMap(Map.of(
                "mcp.oauth.sync-interval", "100ms", "mcp.oauth.discovery-timeout", "15s",
                "mcp.oauth.allow-loopback", "true"))).build();
    }

    @Test
    void aSocketOnOneNodeHearsOfAServerAddedAndRemovedThroughAnotherNode() {
        McpStore shared = new InMemoryMcpStore();
        try (TestMcpServer mcp = TestMcpServer.builder().start();
                McpClientService nodeA = node(shared);
                McpClientService nodeB = node(shared);
                StateBroadcaster broadcaster = new StateBroadcaster(nodeA, Object::toString)) {
            FakeSocket socket = new FakeSocket(true);
            broadcaster.register("alice", socket.session, () -> true);
            Await.until(Duration.ofSeconds(5), "the first state", () -> !socket.sent.isEmpty());

            String id = nodeB.manager("alice").addMcpServer("added-on-b", mcp.url()).id();

            Await.until(Duration.ofSeconds(10), "node A's socket shows the server ready",
                    () -> last(socket).contains("added-on-b") && last(socket).contains("state=ready"));
            nodeB.manager("alice").removeMcpServer(id);
            Await.until(Duration.ofSeconds(10), "node A's socket shows it gone",
                    () -> !last(socket).contains("added-on-b"));
            assertEquals(0, nodeA.manager("alice").getMcpServers().servers().size());
            assertTrue(socket.sent.size() >= 3);
        }
    }

    @Test
    void aSocketOpenedWhileTheStoreWaitsForItsDatabaseGetsTheStateOnceItOpens() {
        McpStore shared = new InMemoryMcpStore();
        LateStore late = new LateStore(shared);
        try (TestMcpServer mcp = TestMcpServer.builder().start(); LogCapture log = LogCapture.start()) {
            try (McpClientService before = node(shared)) {
                before.manager("alice").addMcpServer("stored", mcp.url());
            }
            try (McpClientService nodeA = node(late); StateBroadcaster broadcaster = new StateBroadcaster(nodeA, Object::toString)) {
                FakeSocket socket = new FakeSocket(true);
                broadcaster.register("alice", socket.session, () -> true);
                Await.until(Duration.ofSeconds(5), "the first push to be refused by the store",
                        () -> late.refused() > 0);

                late.open();

                Await.until(Duration.ofSeconds(10), "the socket shows the stored server once the store opened",
                        () -> last(socket).contains("stored") && last(socket).contains("state=ready"));
                assertTrue(log.stackTraceLines().isEmpty(), log.text());
            }
        }
    }

    @Test
    void aSocketWhoseOwnerSignedOutIsClosedWith1008AndGetsNoMorePushesWhileTheOthersDo() {
        try (TestMcpServer mcp = TestMcpServer.builder().start();
                McpClientService node = node(new InMemoryMcpStore());
                StateBroadcaster broadcaster = new StateBroadcaster(node, Object::toString)) {
            FakeSocket staying = new FakeSocket(true);
            FakeSocket leaving = new FakeSocket(true);
            AtomicBoolean signedIn = new AtomicBoolean(true);
            broadcaster.register("alice", staying.session, () -> true);
            broadcaster.register("alice", leaving.session, signedIn::get);
            Await.until(Duration.ofSeconds(5), "the first states",
                    () -> !staying.sent.isEmpty() && !leaving.sent.isEmpty());
            int before = leaving.sent.size();

            signedIn.set(false);
            node.manager("alice").addMcpServer("after sign-out", mcp.url());

            Await.until(Duration.ofSeconds(10), "the staying socket shows the server",
                    () -> last(staying).contains("after sign-out"));
            Await.until(Duration.ofSeconds(5), "the signed-out socket closed", leaving.closed::get);
            assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY, leaving.closeReason.get().getCloseCode());
            assertEquals(before, leaving.sent.size(), "the signed-out socket got " + leaving.sent);
            assertEquals(1, broadcaster.socketCount("alice"));
            assertFalse(staying.closed.get());
        }
    }

    @Test
    void anIdleSocketWhoseOwnerSignedOutIsClosedWithinTheCheckPeriod() {
        try (McpClientService node = node(new InMemoryMcpStore());
                StateBroadcaster broadcaster = new StateBroadcaster(node, Object::toString)) {
            FakeSocket socket = new FakeSocket(true);
            AtomicBoolean signedIn = new AtomicBoolean(true);
            broadcaster.register("alice", socket.session, signedIn::get);
            Await.until(Duration.ofSeconds(5), "the first state", () -> !socket.sent.isEmpty());

            signedIn.set(false);

            Await.until(Duration.ofMillis(StateBroadcaster.SIGN_OUT_CHECK_MILLIS * 3), "the idle socket closed",
                    socket.closed::get);
            assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY, socket.closeReason.get().getCloseCode());
            assertEquals(0, broadcaster.socketCount("alice"));
        }
    }

    private static String last(FakeSocket socket) {
        return socket.sent.isEmpty() ? "" : socket.sent.get(socket.sent.size() - 1);
    }
}
