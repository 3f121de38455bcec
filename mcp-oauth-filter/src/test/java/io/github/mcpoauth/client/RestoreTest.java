package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a restart (a new service over the same store) brings back. */
class RestoreTest {

    @Test
    void aFlowStartedBeforeARestartCompletesAfterIt() throws Exception {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().start();
                TestMcpServer mcp = TestMcpServer.builder().protectedBy(as).start()) {
            ClientHarness before = ClientHarness.withDefaults();
            AddServerResult added = before.manager("alice").addMcpServer("secure", mcp.url());
            before.close();

            try (ClientHarness after = new ClientHarness(Map.of(), Clock.systemUTC(), before.store)) {
                ServerView restored = after.manager("alice").getServer(added.id());
                assertEquals("authenticating", restored.state());
                assertEquals(added.authUrl(), restored.authUrl());
                AddServerResult done = after.service.completeAuthorization("alice",
                        new BrowserStub().authorize(added.authUrl())).get(20, TimeUnit.SECONDS);
                assertEquals(ConnectionState.READY, done.state());
            }
        }
    }

    @Test
    void aCallbackOnANodeThatAlreadyKnewTheOwnerCompletesAServerAddedOnAnotherNode() throws Exception {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().start();
                TestMcpServer mcp = TestMcpServer.builder().protectedBy(as).start();
                ClientHarness nodeA = ClientHarness.withDefaults();
                ClientHarness nodeB = new ClientHarness(Map.of(), Clock.systemUTC(), nodeA.store)) {
            assertEquals(0, nodeB.manager("alice").getMcpServers().servers().size());
            AddServerResult added = nodeA.manager("alice").addMcpServer("secure", mcp.url());

            AddServerResult done = nodeB.service.completeAuthorization("alice",
                    new BrowserStub().authorize(added.authUrl())).get(20, TimeUnit.SECONDS);

            assertEquals(ConnectionState.READY, done.state());
            assertEquals("ready", nodeB.manager("alice").getServer(added.id()).state());
            assertTrue(nodeA.store.servers().find("alice", added.id()).isPresent(), "the shared row must survive");
            assertTrue(nodeA.store.tokens().find("alice", added.id()).isPresent());
        }
    }

    @Test
    void aServerWithTokensComesBackReadyWithoutAskingTheUserAgain() throws Exception {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().start();
                TestMcpServer mcp = TestMcpServer.builder().protectedBy(as).start()) {
            ClientHarness before = ClientHarness.withDefaults();
            AddServerResult added = before.manager("alice").addMcpServer("secure", mcp.url());
            before.service.completeAuthorization("alice", new BrowserStub().authorize(added.authUrl()))
                    .get(20, TimeUnit.SECONDS);
            before.close();
            int authorizations = as.authorizationRequests().size();

            try (ClientHarness after = new ClientHarness(Map.of(), Clock.systemUTC(), before.store)) {
                after.service.restore();
                McpClientManager alice = after.manager("alice"); // the owner returns: their servers connect
                Await.until(Duration.ofSeconds(15), "the restored server to be ready",
                        () -> after.service.openSessions() == 1
                                && "ready".equals(alice.getServer(added.id()).state()));
                after.manager("alice").callTool(added.id(), "echo", Map.of("text", "back"));
                assertEquals(authorizations, as.authorizationRequests().size());
            }
        }
    }
}
