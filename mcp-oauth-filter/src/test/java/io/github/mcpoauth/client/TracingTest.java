package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spans and trace context with the OpenTelemetry SDK installed globally, exporting to memory: a
 * whole OAuth flow and a tool call under an application's spans, their parents, the W3C trace
 * context arriving at the MCP server as headers and in {@code params._meta}, failures as error
 * status, and nothing of it with {@code mcp.oauth.tracing=false}.
 */
class TracingTest {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final List<String> traceparentHeaders = new CopyOnWriteArrayList<>();
    private final List<Object> metaTraceparents = new CopyOnWriteArrayList<>();
    private final BrowserStub browser = new BrowserStub();
    private TestAuthorizationServer as;
    private TestMcpServer mcp;

    @BeforeEach
    void start() {
        GlobalOpenTelemetry.resetForTest();
        GlobalOpenTelemetry.set(OpenTelemetrySdk.builder().setTracerProvider(tracerProvider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build());
        as = TestAuthorizationServer.builder().start();
        Filter recorder = (request, response, chain) -> {
            String traceparent = ((HttpServletRequest) request).getHeader("traceparent");
            if (traceparent != null) {
                traceparentHeaders.add(traceparent);
            }
            chain.doFilter(request, response);
        };
        mcp = TestMcpServer.builder().protectedBy(as).filter(recorder).start();
        mcp.addTool(SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder("traced", Map.of("type", "object")).build())
                .callHandler((exchange, request) -> {
                    metaTraceparents.add(request.meta() == null ? "none" : request.meta().get("traceparent"));
                    return McpSchema.CallToolResult.builder().addTextContent("ok").build();
                }).build());
    }

    @AfterEach
    void stop() {
        mcp.close();
        as.close();
        tracerProvider.close();
        GlobalOpenTelemetry.resetForTest();
    }

    private static <T> T inAppSpan(String name, Supplier<T> work) {
        Span span = GlobalOpenTelemetry.getTracer("test-app").spanBuilder(name).startSpan();
        try (Scope scope = span.makeCurrent()) {
            return work.get();
        } finally {
            span.end();
        }
    }

    private List<SpanData> named(String name) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    }

    private SpanData one(String name) {
        List<SpanData> spans = named(name);
        assertEquals(1, spans.size(), () -> name + " in " + exporter.getFinishedSpanItems());
        return spans.get(0);
    }

    private static String attribute(SpanData span, String key) {
        Object value = span.getAttributes().asMap().entrySet().stream().filter(e -> e.getKey().getKey().equals(key))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        return value == null ? null : value.toString();
    }

    private static void assertChild(SpanData parent, SpanData child) {
        assertEquals(parent.getTraceId(), child.getTraceId(), child.getName() + " in the trace of " + parent.getName());
        assertEquals(parent.getSpanId(), child.getParentSpanId(), child.getName() + " is a child of " + parent.getName());
    }

    @Test
    void aWholeFlowAndAToolCallAreSpansUnderTheApplicationsOwnWithTheTraceContextSentToTheServer() throws Exception {
        try (ClientHarness harness = new ClientHarness(Map.of())) {
            McpClientManager manager = harness.manager("alice");
            AddServerResult added = inAppSpan("add server", () -> manager.addMcpServer("secure", mcp.url()));
            assertEquals(ConnectionState.AUTHENTICATING, added.state());
            Map<String, String> callback = browser.authorize(added.authUrl());
            AddServerResult ready = inAppSpan("callback", () -> harness.service.completeAuthorization("alice", callback))
                    .get(20, TimeUnit.SECONDS);
            assertEquals(ConnectionState.READY, ready.state());
            McpSchema.CallToolResult result = inAppSpan("chat turn", () -> manager.callTool(added.id(), "traced", Map.of()));
            assertFalse(result.isError());
            // the server rejects the token: the transport refreshes and replays, inside the call's span
            as.revokeAccessTokens();
            assertFalse(inAppSpan("next turn", () -> manager.callTool(added.id(), "traced", Map.of())).isError());
        }
        List<SpanData> calls = named("tools/call traced");
        assertEquals(2, calls.size());
        SpanData refreshed = calls.stream().filter(c -> c.getParentSpanId().equals(one("next turn").getSpanId()))
                .findFirst().orElseThrow();
        SpanData refresh = one("oauth.token_refresh");
        assertChild(refreshed, refresh);
        assertEquals(StatusCode.UNSET, refresh.getStatus().getStatusCode());

        // the first attempt meets the 401; the authorization starts inside it, discovery and registration inside that
        SpanData addServer = one("add server");
        List<SpanData> connects = named("mcp_oauth.connect");
        SpanData unauthorized = connects.stream().filter(s -> s.getTraceId().equals(addServer.getTraceId())).findFirst()
                .orElseThrow();
        assertChild(addServer, unauthorized);
        assertEquals(StatusCode.ERROR, unauthorized.getStatus().getStatusCode());
        assertEquals("authorization_required", attribute(unauthorized, "error.type"));
        assertNotNull(attribute(unauthorized, "mcp_oauth.server.id"));
        assertEquals("127.0.0.1", attribute(unauthorized, "server.address"));
        SpanData start = one("oauth.authorization.start");
        assertChild(unauthorized, start);
        assertChild(start, one("oauth.discovery.resource_metadata"));
        assertChild(start, one("oauth.discovery.authorization_server_metadata"));
        assertChild(start, one("oauth.client_registration"));
        assertEquals(SpanKind.CLIENT, one("oauth.client_registration").getKind());

        // the callback: the code exchange, then a connection that is ready, in the callback's trace
        SpanData callback = one("callback");
        SpanData exchange = one("oauth.code_exchange");
        assertChild(callback, exchange);
        assertEquals(StatusCode.UNSET, exchange.getStatus().getStatusCode());
        SpanData connected = connects.stream().filter(s -> s.getTraceId().equals(callback.getTraceId())).findFirst()
                .orElseThrow();
        assertChild(callback, connected);
        assertEquals("ready", attribute(connected, "mcp_oauth.state"));
        SpanData initialize = named("initialize").stream().filter(s -> s.getParentSpanId().equals(connected.getSpanId()))
                .findFirst().orElseThrow();
        assertEquals("initialize", attribute(initialize, "mcp.method.name"));
        assertNotNull(attribute(initialize, "mcp.protocol.version"));

        // the tool call: a client span named as the MCP conventions say, its context at the server twice
        SpanData call = calls.stream().filter(c -> c != refreshed).findFirst().orElseThrow();
        assertChild(one("chat turn"), call);
        assertEquals(SpanKind.CLIENT, call.getKind());
        assertEquals("tools/call", attribute(call, "mcp.method.name"));
        assertEquals("traced", attribute(call, "gen_ai.tool.name"));
        assertEquals("execute_tool", attribute(call, "gen_ai.operation.name"));
        String expected = "00-" + call.getTraceId() + "-" + call.getSpanId() + "-"
                + call.getSpanContext().getTraceFlags().asHex();
        assertEquals(expected, metaTraceparents.get(0), "params._meta.traceparent");
        assertTrue(traceparentHeaders.contains(expected), () -> "traceparent header " + traceparentHeaders);

        // nothing secret in any attribute: no token the server saw, no authorization code or state
        List<String> tokens = mcp.authorizationHeaders().stream().map(h -> h.substring("Bearer ".length())).toList();
        for (SpanData span : exporter.getFinishedSpanItems()) {
            for (Object value : span.getAttributes().asMap().values()) {
                String text = String.valueOf(value);
                assertTrue(tokens.stream().noneMatch(text::contains), span.getName() + " carries a token");
                assertFalse(text.contains("code=") || text.contains("state="), span.getName() + ": " + text);
            }
        }
    }

    @Test
    void failuresEndTheirSpansWithErrorStatusOnEveryPath() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch called = new CountDownLatch(1);
        TestMcpServer open = TestMcpServer.builder().start();
        open.addTool(SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder("slow", Map.of("type", "object")).build())
                .callHandler((exchange, request) -> {
                    called.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return McpSchema.CallToolResult.builder().addTextContent("late").build();
                }).build());
        try (ClientHarness harness = new ClientHarness(Map.of("mcp.oauth.retry-max-attempts", "1"))) {
            McpClientManager manager = harness.manager("bob");
            String id = manager.addMcpServer("open", open.url()).id();

            assertTrue(manager.callTool(id, "fail", Map.of()).isError());
            SpanData failed = one("tools/call fail");
            assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode());
            assertEquals("tool_error", attribute(failed, "error.type"));

            CompletableFuture<McpSchema.CallToolResult> slow = manager.callToolAsync(id, "slow", Map.of());
            assertTrue(called.await(10, TimeUnit.SECONDS));
            slow.cancel(true);
            SpanData cancelled = one("tools/call slow");
            assertEquals("cancelled", attribute(cancelled, "error.type"));

            AddServerResult unreachable = manager.addMcpServer("gone", "http://127.0.0.1:9/mcp");
            assertEquals(ConnectionState.FAILED, unreachable.state());
            SpanData refused = named("mcp_oauth.connect").stream()
                    .filter(s -> unreachable.id().equals(attribute(s, "mcp_oauth.server.id"))).findFirst().orElseThrow();
            assertEquals(StatusCode.ERROR, refused.getStatus().getStatusCode());
            assertNotNull(attribute(refused, "error.type"));
        } finally {
            release.countDown();
            open.close();
        }
    }

    @Test
    void aFailedCodeExchangeIsAnErrorSpanNamingOnlyTheKindOfError() throws Exception {
        try (ClientHarness harness = new ClientHarness(Map.of())) {
            AddServerResult added = harness.manager("dave").addMcpServer("secure", mcp.url());
            Map<String, String> callback = browser.authorize(added.authUrl());
            as.failNextToken(TestAuthorizationServer.Failure.SERVER_ERROR_500);
            CompletableFuture<AddServerResult> completed = inAppSpan("callback",
                    () -> harness.service.completeAuthorization("dave", callback));
            assertTrue(completed.handle((r, e) -> e != null).get(20, TimeUnit.SECONDS), "the exchange fails");
        }
        SpanData exchange = one("oauth.code_exchange");
        assertChild(one("callback"), exchange);
        assertEquals(StatusCode.ERROR, exchange.getStatus().getStatusCode());
        String type = attribute(exchange, "error.type");
        assertNotNull(type);
        // the status says the kind of error only: no body, no message of the authorization server
        assertEquals(type, exchange.getStatus().getDescription());
        assertTrue(exchange.getEvents().isEmpty(), "no exception event, whose message could quote the server");
    }

    @Test
    void tracingOffMakesNoSpanAndSendsNoTraceContext() throws Exception {
        TestMcpServer open = TestMcpServer.builder().filter((request, response, chain) -> {
            String traceparent = ((HttpServletRequest) request).getHeader("traceparent");
            if (traceparent != null) {
                traceparentHeaders.add(traceparent);
            }
            chain.doFilter(request, response);
        }).start();
        try (ClientHarness harness = new ClientHarness(Map.of("mcp.oauth.tracing", "false"))) {
            McpClientManager manager = harness.manager("carol");
            String id = inAppSpan("add server", () -> manager.addMcpServer("open", open.url())).id();
            inAppSpan("chat turn", () -> manager.callTool(id, "echo", Map.of("text", "hi")));
        } finally {
            open.close();
        }
        assertEquals(List.of("add server", "chat turn"),
                exporter.getFinishedSpanItems().stream().map(SpanData::getName).toList());
        assertEquals(List.of(), traceparentHeaders);
    }

}
