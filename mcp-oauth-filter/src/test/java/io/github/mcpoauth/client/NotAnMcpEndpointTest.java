package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.mcpoauth.testsupport.LogCapture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A URL that answers something other than MCP (a web page, say) fails at once with a reason
 * naming what came back (status and content type, never the body), and leaves no stack trace in
 * the log at WARN: it is the user's input that was wrong, not the module.
 */
class NotAnMcpEndpointTest {

    private static final String PAGE = "<!doctype html><title>Welcome</title><p>secret-page-body</p>";

    @ParameterizedTest
    @CsvSource({"auto,200", "auto,404", "streamable-http,200", "streamable-http,404", "sse,200", "sse,404"})
    void anHtmlPageFailsAtOnceNamingWhatCameBack(String transport, int status) throws Exception {
        try (HtmlSite site = new HtmlSite(status, "text/html; charset=utf-8");
                ClientHarness harness = new ClientHarness(Map.of("mcp.oauth.discovery-timeout", "30s",
                        "mcp.oauth.retry-max-attempts", "3"));
                LogCapture log = LogCapture.start()) {
            long started = System.nanoTime();
            AddServerResult result = harness.manager("alice").addMcpServer("page", site.url(),
                    ServerOptions.defaults().withTransport(TransportType.fromWireName(transport)));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertEquals(ConnectionState.FAILED, result.state());
            String error = harness.manager("alice").getServer(result.id()).error();
            String expected = "not an MCP endpoint: got text/html" + (status == 200 ? "" : " (HTTP " + status + ")");
            assertEquals(expected, error);
            assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
            assertFalse(log.text().contains("secret-page-body"), log.text());
            assertEquals(List.of(), log.stackTraceLines(), log.text());
        }
    }

    @Test
    void plainTextIsNamedToo() throws Exception {
        try (HtmlSite site = new HtmlSite(200, "text/plain");
                ClientHarness harness = ClientHarness.withDefaults()) {
            AddServerResult result = harness.manager("alice").addMcpServer("text", site.url());
            assertEquals(ConnectionState.FAILED, result.state());
            assertEquals("not an MCP endpoint: got text/plain", harness.manager("alice").getServer(result.id()).error());
        }
    }

    /** Answers every request with the same page, status and content type. */
    private static final class HtmlSite implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService executor = Executors.newFixedThreadPool(4);

        HtmlSite(int status, String contentType) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.setExecutor(executor);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
        }

        @Override
        public void close() throws InterruptedException {
            server.stop(0);
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
