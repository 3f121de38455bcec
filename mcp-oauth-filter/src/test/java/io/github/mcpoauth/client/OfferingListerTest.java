package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Listing offerings follows every page and asks only for what the server advertises. */
class OfferingListerTest {

    /** An in-process transport that answers each JSON-RPC request from a script. */
    private static final class ScriptedTransport implements McpClientTransport {
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final Function<McpSchema.JSONRPCRequest, Object> answers;
        private volatile Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler;

        ScriptedTransport(Function<McpSchema.JSONRPCRequest, Object> answers) {
            this.answers = answers;
        }

        @Override
        public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> h) {
            this.handler = h;
            return Mono.empty();
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            if (message instanceof McpSchema.JSONRPCRequest request) {
                requests.add(request.method() + cursorOf(request));
                McpSchema.JSONRPCResponse response = new McpSchema.JSONRPCResponse("2.0", request.id(),
                        answers.apply(request), null);
                handler.apply(Mono.just(response)).subscribe();
            }
            return Mono.empty();
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
            return McpJsonDefaults.getMapper().convertValue(data, type);
        }
    }

    private static String cursorOf(McpSchema.JSONRPCRequest request) {
        if (request.params() == null) {
            return "";
        }
        Map<?, ?> params = McpJsonDefaults.getMapper().convertValue(request.params(), Map.class);
        return params.get("cursor") != null ? "@" + params.get("cursor") : "";
    }

    private static Object answer(McpSchema.JSONRPCRequest request) {
        return switch (request.method() + cursorOf(request)) {
            case "initialize" -> Map.of("protocolVersion", "2025-11-25", "capabilities", Map.of("tools", Map.of()),
                    "serverInfo", Map.of("name", "paged", "version", "1"));
            case "tools/list" -> page(List.of("a", "b"), "p2");
            case "tools/list@p2" -> page(List.of("c"), "p3");
            case "tools/list@p3" -> page(List.of("d"), null);
            default -> Map.of();
        };
    }

    private static Map<String, Object> page(List<String> names, String next) {
        List<Map<String, Object>> tools = names.stream()
                .map(n -> Map.<String, Object>of("name", n, "inputSchema", Map.of("type", "object")))
                .toList();
        return next == null ? Map.of("tools", tools) : Map.of("tools", tools, "nextCursor", next);
    }

    @Test
    void everyPageIsListedAndOnlyAdvertisedCapabilitiesAreAskedFor() throws Exception {
        ScriptedTransport transport = new ScriptedTransport(OfferingListerTest::answer);
        McpAsyncClient client = McpClient.async(transport).requestTimeout(Duration.ofSeconds(5)).build();
        client.initialize().block(Duration.ofSeconds(5));

        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        Offerings offerings;
        try {
            offerings = new OfferingLister(McpJsonDefaults.getMapper()).discover(client, "srv", new CompletableFuture<>(),
                    new RequestDeadline(timers, Duration.ofSeconds(5), () -> null),
                    io.github.mcpoauth.internal.telemetry.Trace.NONE).get(5, TimeUnit.SECONDS);
        } finally {
            timers.shutdownNow();
        }

        assertEquals(List.of("a", "b", "c", "d"), offerings.tools().stream().map(t -> t.get("name")).toList());
        assertTrue(offerings.tools().stream().allMatch(t -> "srv".equals(t.get("serverId"))));
        assertTrue(offerings.prompts().isEmpty());
        assertTrue(transport.requests.containsAll(List.of("tools/list", "tools/list@p2", "tools/list@p3")));
        assertFalse(transport.requests.stream().anyMatch(r -> r.startsWith("prompts/") || r.startsWith("resources/")));
        client.close();
    }
}
