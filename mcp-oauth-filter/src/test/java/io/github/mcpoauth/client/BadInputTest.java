package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear error and loses nothing; remote failures become a readable failed state. */
class BadInputTest {

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "ftp://example.com/mcp", "http://user:pw@example.com/mcp", "/relative",
            "http://example.com/mcp#frag", ""})
    void aMalformedUrlIsRefusedAndNothingIsStored(String url) {
        try (ClientHarness harness = ClientHarness.withDefaults()) {
            McpOAuthException e = assertThrows(McpOAuthException.class,
                    () -> harness.manager("alice").addMcpServer("bad", url));
            assertEquals(McpOAuthException.Code.INVALID_REQUEST, e.code());
            assertTrue(harness.store.servers().list("alice").isEmpty());
        }
    }

    @Test
    void forbiddenHeadersAndBadNamesAreRefused() {
        try (ClientHarness harness = ClientHarness.withDefaults()) {
            McpClientManager manager = harness.manager("alice");
            assertThrows(McpOAuthException.class, () -> manager.addMcpServer("x", "http://127.0.0.1:1/mcp",
                    ServerOptions.defaults().withHeaders(Map.of("Host", "evil"))));
            assertThrows(McpOAuthException.class, () -> manager.addMcpServer("x", "http://127.0.0.1:1/mcp",
                    ServerOptions.defaults().withHeaders(Map.of("X-Ok", "a\r\nInjected: yes"))));
            assertThrows(McpOAuthException.class, () -> manager.addMcpServer(" ", "http://127.0.0.1:1/mcp"));
            assertTrue(harness.store.servers().list("alice").isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void aBlankToolNameIsInvalidBeforeTheServerIsLookedUp(String toolName) {
        try (ClientHarness harness = ClientHarness.withDefaults()) {
            McpClientManager manager = harness.manager("alice");
            McpOAuthException sync = assertThrows(McpOAuthException.class,
                    () -> manager.callTool("no-such-server", toolName, Map.of()));
            McpOAuthException async = assertThrows(McpOAuthException.class,
                    () -> manager.callToolAsync("no-such-server", null, Map.of()));
            assertEquals(McpOAuthException.Code.INVALID_REQUEST, sync.code());
            assertEquals("tool name is required", sync.getMessage());
            assertEquals(McpOAuthException.Code.INVALID_REQUEST, async.code());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Transfer-Encoding", "transfer-encoding", "TE", "Trailer", "Connection", "Keep-Alive",
            "UPGRADE", "Proxy-Authorization", "proxy-connection", "Host", "Content-Length"})
    void hopByHopAndFramingHeadersAreRefusedByNameAndNothingIsStored(String header) {
        try (ClientHarness harness = ClientHarness.withDefaults()) {
            McpOAuthException e = assertThrows(McpOAuthException.class, () -> harness.manager("alice")
                    .addMcpServer("x", "http://127.0.0.1:1/mcp", ServerOptions.defaults()
                            .withHeaders(Map.of("X-Fine", "yes", header, "chunked"))));
            assertEquals(McpOAuthException.Code.INVALID_REQUEST, e.code());
            assertEquals(400, e.code().httpStatus());
            assertTrue(e.getMessage().contains(header), e.getMessage());
            assertTrue(harness.store.servers().list("alice").isEmpty());
        }
    }

    @Test
    void anUnreachableHostEndsFailedWithAReadableError() {
        try (ClientHarness harness = ClientHarness.withDefaults()) {
            AddServerResult result = harness.manager("alice").addMcpServer("down", "http://127.0.0.1:1/mcp");
            assertEquals(ConnectionState.FAILED, result.state());
            String error = harness.manager("alice").getServer(result.id()).error();
            assertEquals("Could not connect to the server", error);
        }
    }

    @Test
    void aPrivateNetworkAddressIsRefusedByTheSsrfGuard() {
        try (ClientHarness harness = ClientHarness.withDefaults()) {
            AddServerResult result = harness.manager("alice").addMcpServer("metadata", "http://169.254.169.254/mcp");
            assertEquals(ConnectionState.FAILED, result.state());
            assertTrue(harness.manager("alice").getServer(result.id()).error().contains("169.254.169.254"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestAuthorizationServer.Failure.class, names = {"HTML_200", "SERVER_ERROR_500", "MISSING_ACCESS_TOKEN"})
    void aBrokenTokenEndpointEndsFailedWithAReadableError(TestAuthorizationServer.Failure failure) throws Exception {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().start();
                TestMcpServer mcp = TestMcpServer.builder().protectedBy(as).start();
                ClientHarness harness = ClientHarness.withDefaults()) {
            AddServerResult added = harness.manager("alice").addMcpServer("secure", mcp.url());
            as.failNextToken(failure);
            Map<String, String> callback = new BrowserStub().authorize(added.authUrl());
            assertThrows(Exception.class,
                    () -> harness.service.completeAuthorization("alice", callback).get(20, TimeUnit.SECONDS));

            ServerView view = harness.manager("alice").getServer(added.id());
            assertEquals("failed", view.state());
            assertFalse(view.error().isBlank());
            assertFalse(view.error().contains("Exception"), view.error());
            assertFalse(view.error().contains("\n"), view.error());
            assertTrue(view.error().length() <= 500);
        }
    }

    @Test
    void anAuthorizationServerWithoutMetadataEndsFailedWithAReadableError() {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder()
                        .metadataLocation(TestAuthorizationServer.MetadataLocation.NONE).start();
                TestMcpServer mcp = TestMcpServer.builder().protectedBy(as).start();
                ClientHarness harness = ClientHarness.withDefaults()) {
            AddServerResult added = harness.manager("alice").addMcpServer("secure", mcp.url());

            assertEquals(ConnectionState.FAILED, added.state());
            String error = harness.manager("alice").getServer(added.id()).error();
            assertTrue(error.contains("metadata"), error);
            assertFalse(error.contains("Exception"), error);
        }
    }
}
