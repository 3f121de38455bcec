package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.RawHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An MCP server that answers with a body without end, JSON or one endless SSE event, is cut off at
 * {@code mcp.oauth.max-response-size}: the server fails with a clear error, and the client stops
 * reading (closes the connection), so what the server could push stays near the limit rather than
 * the SDK's 16 MiB per attempt, or without bound.
 */
class EndlessResponseTest {

    private static final int CHUNK = 64 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/event-stream"})
    void anEndlessBodyIsCutOffAtTheSizeLimit(String contentType) throws Exception {
        try (RawHttpServer endless = RawHttpServer.start((request, out) -> endless(contentType, out));
                ClientHarness harness = new ClientHarness(Map.of("mcp.oauth.max-response-size", "256KiB"))) {
            AddServerResult result = harness.manager("alice").addMcpServer("endless", endless.url("/mcp").toString(),
                    ServerOptions.defaults().withTransport(TransportType.STREAMABLE_HTTP));

            assertEquals(ConnectionState.FAILED, result.state());
            String error = harness.manager("alice").getServer(result.id()).error();
            assertTrue(error.contains("response larger than 256 KiB"), error);
            Await.until(Duration.ofSeconds(30), "every connection closed by the client",
                    () -> endless.active() == 0 && endless.closedByClient() == endless.requests());
            long perRequest = endless.written() / endless.requests();
            assertTrue(perRequest < 8L << 20, "the server pushed " + perRequest + " bytes per request");
        }
    }

    private static void endless(String contentType, OutputStream out) throws IOException {
        out.write(RawHttpServer.openEndedHeaders(contentType).getBytes(StandardCharsets.US_ASCII));
        out.write((contentType.equals("text/event-stream") ? "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":0,\"result\":\""
                : "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":\"").getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[CHUNK];
        Arrays.fill(chunk, (byte) 'x');
        while (true) {
            out.write(chunk);
        }
    }
}
