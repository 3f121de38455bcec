package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.testsupport.LogCapture;
import io.github.mcpoauth.testsupport.RawHttpServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What a user can make the module fetch, and what comes back: loopback only when the deployment
 * opts in ({@code mcp.oauth.allow-loopback}), and an upstream's error body never in a server's
 * {@code error}, an exception message (what the REST API answers) or a log line.
 */
class UpstreamExposureTest {

    private static final String SECRET = "internal-db-password-6d1f0a";
    private static final String BODY = "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32603,\"message\":\"" + SECRET + "\"}}";

    private static RawHttpServer answering500() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        return RawHttpServer.start((requestLine, out) -> {
            out.write(("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        });
    }

    @Test
    void aLoopbackUrlIsRefusedAtOnceNamingTheKeyUnlessTheDeploymentOptsIn() {
        try (RawHttpServer upstream = answering500();
                ClientHarness harness = new ClientHarness(Map.of("mcp.oauth.allow-loopback", "false"))) {
            for (String url : new String[] {upstream.url("/mcp").toString(),
                    "http://localhost:" + upstream.url("/").getPort() + "/mcp"}) {
                AddServerResult added = harness.manager("alice").addMcpServer("internal", url);

                assertEquals(ConnectionState.FAILED, added.state());
                String error = harness.manager("alice").getServer(added.id()).error();
                assertTrue(error.contains("mcp.oauth.allow-loopback"), error);
                assertTrue(error.contains(java.net.URI.create(url).getHost()), "names the host as given: " + error);
                if (url.contains("localhost")) {
                    assertFalse(error.contains("127.0.0.1"), "never the resolved address: " + error);
                }
            }
            assertEquals(0, upstream.requests(), "nothing reached the loopback service");
        }
    }

    @Test
    void anUpstream500BodyNeverReachesTheServersErrorOrTheLog() {
        try (LogCapture log = LogCapture.start();
                RawHttpServer upstream = answering500();
                ClientHarness harness = new ClientHarness(Map.of("mcp.oauth.retry-max-attempts", "1"))) {
            AddServerResult added = harness.manager("alice").addMcpServer("internal", upstream.url("/mcp").toString());

            assertEquals(ConnectionState.FAILED, added.state());
            assertTrue(upstream.requests() > 0);
            String error = harness.manager("alice").getServer(added.id()).error();
            assertTrue(error.contains("500"), error);
            assertFalse(error.contains(SECRET), error);
            assertFalse(error.contains("response body"), error);
            assertFalse(log.text().contains(SECRET), log::text);
        }
    }

    @Test
    void aToolCallAnswered500FailsWithTheStatusOnly() throws Exception {
        AtomicBoolean failing = new AtomicBoolean();
        Filter fail = (request, response, chain) -> {
            if (!failing.get()) {
                chain.doFilter(request, response);
                return;
            }
            HttpServletResponse http = (HttpServletResponse) response;
            http.setStatus(500);
            http.setContentType("application/json");
            http.getWriter().write(BODY);
        };
        try (LogCapture log = LogCapture.start();
                TestMcpServer mcp = TestMcpServer.builder().filter(fail).start();
                ClientHarness harness = new ClientHarness(Map.of("mcp.oauth.retry-max-attempts", "1"))) {
            AddServerResult added = harness.manager("alice").addMcpServer("tools", mcp.url());
            assertEquals(ConnectionState.READY, added.state());
            failing.set(true);

            McpOAuthException e = assertThrows(McpOAuthException.class,
                    () -> harness.manager("alice").callTool(added.id(), "echo", Map.of("text", "hi")));

            assertTrue(e.getMessage().contains("500"), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
            String error = String.valueOf(harness.manager("alice").getServer(added.id()).error());
            assertFalse(error.contains(SECRET), error);
            assertFalse(log.text().contains(SECRET), log::text);
        }
    }
}
