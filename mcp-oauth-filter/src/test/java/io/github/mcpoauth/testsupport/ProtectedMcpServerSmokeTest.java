package io.github.mcpoauth.testsupport;

import static io.github.mcpoauth.testsupport.ToolCalls.call;
import static io.github.mcpoauth.testsupport.ToolCalls.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.spec.McpClientTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ProtectedMcpServerSmokeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String REDIRECT = "http://127.0.0.1:9/callback";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private static final Map<String, String> ACCEPT = Map.of("Accept", "application/json, text/event-stream");

    private final TestAuthorizationServer as = TestAuthorizationServer.builder().scopesSupported("mcp:read").start();
    private final PlainHttp http = new PlainHttp();

    @AfterEach
    void stopAuthorizationServer() {
        as.close();
    }

    @Test
    void withoutATokenTheServerChallengesAndPublishesItsMetadata() {
        try (TestMcpServer server = TestMcpServer.builder().protectedBy(as).requiredScopes("mcp:read")
                .scopesSupported("mcp:read", "mcp:write").start()) {
            String metadataUrl = server.origin() + "/.well-known/oauth-protected-resource/mcp";
            assertEquals(metadataUrl, server.resourceMetadataUrl().orElseThrow());

            HttpReply challenge = http.post(server.url(), "application/json", INITIALIZE, ACCEPT);
            assertEquals(401, challenge.status());
            assertEquals("Bearer resource_metadata=\"" + metadataUrl + "\", scope=\"mcp:read\"",
                    challenge.header("WWW-Authenticate").orElseThrow());

            Map<String, Object> prm = http.get(metadataUrl, Map.of()).json();
            assertEquals(server.url(), prm.get("resource"));
            assertEquals(List.of(as.issuer()), prm.get("authorization_servers"));
            assertEquals(List.of("mcp:read", "mcp:write"), prm.get("scopes_supported"));

            try (McpSyncClient client = client(HttpClientStreamableHttpTransport.builder(server.url()).build())) {
                RuntimeException failure = assertThrows(RuntimeException.class, client::initialize);
                McpHttpClientTransportAuthorizationException auth = causeOfType(failure,
                        McpHttpClientTransportAuthorizationException.class);
                assertEquals(401, auth.getResponseInfo().statusCode());
            }
        }
    }

    @Test
    void aTokenFromTheManualFlowOpensTheServer() {
        try (TestMcpServer server = TestMcpServer.builder().protectedBy(as).requiredScopes("mcp:read").start()) {
            ManualOAuthClient oauth = new ManualOAuthClient(as);
            KnownClient registered = oauth.registerClient(REDIRECT, KnownClient.CLIENT_SECRET_BASIC);
            Pkce pkce = Pkce.generate();
            Map<String, String> callback = new BrowserStub().authorize(
                    oauth.authorizationUrl(registered, REDIRECT, pkce, "xyz", "mcp:read", server.url()));
            assertEquals("xyz", callback.get("state"));
            HttpReply tokens = oauth.exchangeCode(registered, callback.get("code"), REDIRECT, pkce.verifier(),
                    server.url());
            assertEquals(200, tokens.status(), tokens::toString);
            String accessToken = (String) tokens.json().get("access_token");

            try (McpSyncClient client = client(HttpClientStreamableHttpTransport.builder(server.url())
                    .addHttpRequestCustomizer(bearer(accessToken)).build())) {
                client.initialize();
                assertEquals("7", text(
                        client.callTool(call("add", Map.of("a", 3, "b", 4)))));
            }
            assertTrue(server.authorizationHeaders().contains("Bearer " + accessToken));

            as.revokeAccessTokens();
            assertEquals(401, post(server, accessToken).status());
            HttpReply refreshed = oauth.refresh(registered, (String) tokens.json().get("refresh_token"), server.url());
            assertEquals(200, refreshed.status(), refreshed::toString);
            assertEquals(200, post(server, (String) refreshed.json().get("access_token")).status());
        }
    }

    @Test
    void missingScopeIs403AndAnotherResourceIs401() {
        try (TestMcpServer server = TestMcpServer.builder().protectedBy(as).start()) {
            ManualOAuthClient oauth = new ManualOAuthClient(as);
            String readToken = oauth.obtainAccessToken("mcp:read", server.url());
            assertEquals(200, post(server, readToken).status());

            server.requireScopes("mcp:write");
            HttpReply forbidden = post(server, readToken);
            assertEquals(403, forbidden.status());
            String challenge = forbidden.header("WWW-Authenticate").orElseThrow();
            assertTrue(challenge.startsWith("Bearer error=\"insufficient_scope\""), challenge);
            assertTrue(challenge.contains("scope=\"mcp:write\""), challenge);

            String elsewhere = oauth.obtainAccessToken("mcp:write", "http://127.0.0.1:1/mcp");
            HttpReply wrongAudience = post(server, elsewhere);
            assertEquals(401, wrongAudience.status());
            assertTrue(wrongAudience.header("WWW-Authenticate").orElseThrow().contains("error=\"invalid_token\""));
        }
    }

    @Test
    @SuppressWarnings("deprecation") // the SDK's SSE client transport
    void protectedSseServerWorksWithABearer() {
        try (TestMcpServer server = TestMcpServer.builder().transport(TestMcpServer.Transport.SSE).protectedBy(as)
                .start()) {
            assertEquals(server.origin() + "/.well-known/oauth-protected-resource/sse",
                    server.resourceMetadataUrl().orElseThrow());
            assertEquals(401, http.get(server.url(), Map.of("Accept", "text/event-stream")).status());
            String token = new ManualOAuthClient(as).obtainAccessToken(null, server.url());
            try (McpSyncClient client = client(HttpClientSseClientTransport.builder(server.origin())
                    .addHttpRequestCustomizer(bearer(token)).build())) {
                client.initialize();
                assertEquals("ok", text(
                        client.callTool(call("echo", Map.of("text", "ok")))));
            }
        }
    }

    private HttpReply post(TestMcpServer server, String token) {
        return http.post(server.url(), "application/json", INITIALIZE,
                Map.of("Accept", "application/json, text/event-stream", "Authorization", "Bearer " + token));
    }

    private static McpSyncClient client(McpClientTransport transport) {
        return McpClient.sync(transport).requestTimeout(WAIT).initializationTimeout(WAIT).build();
    }

    private static McpSyncHttpClientRequestCustomizer bearer(String token) {
        return (request, method, uri, body, context) -> request.header("Authorization", "Bearer " + token);
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the cause chain of " + failure, failure);
    }
}
