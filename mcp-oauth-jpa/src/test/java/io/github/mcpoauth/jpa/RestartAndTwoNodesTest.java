package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.mcpoauth.client.AddServerResult;
import io.github.mcpoauth.client.ConnectionState;
import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client core over the JPA store: what survives a restart (a new store and service on the same
 * database) and what a second node sharing the database can do. The servlet containers of the
 * drop-in issue will repeat these through HTTP.
 */
class RestartAndTwoNodesTest {

    @TempDir
    Path dataDir;

    private TestAuthorizationServer as;
    private TestMcpServer mcp;
    private final BrowserStub browser = new BrowserStub();

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

    /** One app node: its own store handle and service over the shared database. */
    private record Node(JpaMcpStore store, McpClientService service) implements AutoCloseable {
        @Override
        public void close() {
            service.close();
            store.close();
        }
    }

    private Node node() {
        McpOAuthConfig config = EmbeddedH2.config(dataDir,
                Map.of("mcp.oauth.callback-url", "http://127.0.0.1:9/app/mcp-client/callback",
                        "mcp.oauth.allow-loopback", "true"));
        JpaMcpStore store = JpaMcpStore.open(config);
        return new Node(store, McpClientService.builder().config(config).store(store).build());
    }

    @Test
    void aServerWithTokensComesBackReadyAfterARestartWithoutAskingAgain() throws Exception {
        AddServerResult added;
        try (Node before = node()) {
            added = before.service().manager("alice").addMcpServer("secure", mcp.url());
            before.service().completeAuthorization("alice", browser.authorize(added.authUrl())).get(20, TimeUnit.SECONDS);
        }
        int authorizations = as.authorizationRequests().size();

        try (Node after = node()) {
            after.service().restore();
            Await.until(Duration.ofSeconds(20), "the restored server to be ready",
                    () -> "ready".equals(after.service().manager("alice").getServer(added.id()).state()));
            after.service().manager("alice").callTool(added.id(), "echo", Map.of("text", "back"));
            assertEquals(authorizations, as.authorizationRequests().size());
        }
    }

    @Test
    void aFlowStartedBeforeARestartCompletesAfterIt() throws Exception {
        AddServerResult added;
        try (Node before = node()) {
            added = before.service().manager("alice").addMcpServer("secure", mcp.url());
            assertEquals(ConnectionState.AUTHENTICATING, added.state());
        }
        try (Node after = node()) {
            assertEquals("authenticating", after.service().manager("alice").getServer(added.id()).state());
            AddServerResult done = after.service().completeAuthorization("alice", browser.authorize(added.authUrl()))
                    .get(20, TimeUnit.SECONDS);
            assertEquals(ConnectionState.READY, done.state());
        }
    }

    @Test
    void aFlowStartedOnOneNodeCompletesOnTheOther() throws Exception {
        try (Node a = node(); Node b = node()) {
            AddServerResult added = a.service().manager("alice").addMcpServer("secure", mcp.url());
            assertEquals(ConnectionState.AUTHENTICATING, added.state());

            AddServerResult done = b.service().completeAuthorization("alice", browser.authorize(added.authUrl()))
                    .get(20, TimeUnit.SECONDS);

            assertEquals(ConnectionState.READY, done.state());
            b.service().manager("alice").callTool(added.id(), "echo", Map.of("text", "from b"));
        }
    }
}
