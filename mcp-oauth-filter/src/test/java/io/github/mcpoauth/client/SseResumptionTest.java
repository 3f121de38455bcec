package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.mcpoauth.testsupport.Await;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Through the real manager and the SDK's transport: a server that answers a tool call with an
 * event stream it ends after a priming event (id and retry, no answer), and answers on the GET
 * that resumes it (MCP 2025-11-25, SEP-1699). Without the resumption the SDK would wait for the
 * answer until the request timeout.
 */
class SseResumptionTest {

    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private final AtomicReference<Object> pendingCall = new AtomicReference<>();
    private final AtomicInteger resumedClosedByClient = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        serverThreads.shutdownNow();
    }

    private String start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/mcp", exchange -> {
            try (exchange) {
                switch (exchange.getRequestMethod()) {
                    case "POST" -> post(exchange);
                    case "GET" -> get(exchange);
                    default -> exchange.sendResponseHeaders(200, -1);
                }
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    }

    private void post(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        McpSchema.JSONRPCMessage message = McpSchema.deserializeJsonRpcMessage(McpJsonDefaults.getMapper(), body);
        if (!(message instanceof McpSchema.JSONRPCRequest request)) {
            exchange.sendResponseHeaders(202, -1);
            return;
        }
        exchange.getResponseHeaders().set("Mcp-Session-Id", "s-1");
        if ("tools/call".equals(request.method())) {
            pendingCall.set(request.id());
            write(exchange, "text/event-stream", "id: call-1\nretry: 200\ndata: \n\n"); // then ends, no answer
            return;
        }
        Object result = switch (request.method()) {
            case "initialize" -> Map.of("protocolVersion", "2025-11-25", "capabilities", Map.of("tools", Map.of()),
                    "serverInfo", Map.of("name", "resuming", "version", "1"));
            case "tools/list" -> Map.of("tools", List.of(Map.of("name", "slow", "inputSchema", Map.of("type", "object"))));
            default -> Map.of();
        };
        write(exchange, "application/json", json(request.id(), result));
    }

    private void get(HttpExchange exchange) throws IOException {
        String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        if (lastEventId == null) {
            exchange.sendResponseHeaders(405, -1); // no listening stream
            return;
        }
        lastEventIds.add(lastEventId);
        Map<String, Object> result = Map.of("content", List.of(Map.of("type", "text", "text", "resumed")));
        OutputStream out = write(exchange, "text/event-stream",
                "id: call-2\ndata: " + json(pendingCall.get(), result) + "\n\n");
        try {
            for (int i = 0; i < 200; i++) { // held open, as a server may; the client ends it
                Thread.sleep(50);
                out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException closed) {
            resumedClosedByClient.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String json(Object id, Object result) throws IOException {
        return McpJsonDefaults.getMapper().writeValueAsString(Map.of("jsonrpc", "2.0", "id", id, "result", result));
    }

    private static OutputStream write(HttpExchange exchange, String type, String text) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return out;
    }

    @Test
    void aToolCallWhoseStreamTheServerEndsIsAnsweredOnTheResumedStream() throws Exception {
        String url = start();
        try (ClientHarness harness = new ClientHarness(Map.of("mcp.oauth.request-timeout", "20s"))) {
            McpClientManager alice = harness.manager("alice");
            AddServerResult added = alice.addMcpServer("resuming", url);
            assertEquals(ConnectionState.READY, added.state());

            McpSchema.CallToolResult result = alice.callTool(added.id(), "slow", Map.of());

            assertEquals("resumed", ((McpSchema.TextContent) result.content().get(0)).text());
            assertEquals(List.of("call-1"), lastEventIds);
            Await.until(Duration.ofSeconds(5), "the client to end the resumed stream", () -> resumedClosedByClient.get() == 1);
        }
    }
}
