package io.github.mcpoauth.client;

import io.github.mcpoauth.internal.telemetry.ErrorTypes;
import io.github.mcpoauth.internal.telemetry.Spans;
import io.github.mcpoauth.internal.telemetry.Telemetry;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.github.mcpoauth.internal.telemetry.TraceHeaders;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The requests an application sends to a ready server (MCP 2025-11-25 "Server Features": tools,
 * resources, prompts), each in its own client span (OpenTelemetry's MCP semantic conventions). A
 * ready server's call goes straight to its SDK session: no store read, no thread hop of its own.
 */
final class McpCalls {

    private final Telemetry telemetry;

    McpCalls(Telemetry telemetry) {
        this.telemetry = telemetry;
    }

    /** @param toolName not blank (the manager checks it before it looks the server up) */
    CompletableFuture<McpSchema.CallToolResult> callTool(ServerConnection connection, String toolName,
            Map<String, Object> arguments) {
        Trace span = span(connection, "tools/call", toolName).set(Spans.TOOL_NAME, toolName)
                .set(Spans.OPERATION, "execute_tool");
        // SEP-414: the trace context in params._meta as well, for servers behind proxies that drop headers
        TraceHeaders trace = span.headers();
        Map<String, Object> args = arguments == null ? Map.of() : arguments;
        McpSchema.CallToolRequest request = trace == null ? new McpSchema.CallToolRequest(toolName, args)
                : new McpSchema.CallToolRequest(toolName, args, trace.addedTo(null));
        CompletableFuture<McpSchema.CallToolResult> result = send(connection, span, c -> c.callTool(request))
                .thenApply(McpCalls::withIsError);
        result.whenComplete((answer, error) -> {
            if (error == null && answer != null && Boolean.TRUE.equals(answer.isError())) {
                span.fail(ErrorTypes.TOOL_ERROR);
            }
            span.end(error);
        });
        return result;
    }

    CompletableFuture<McpSchema.ReadResourceResult> readResource(ServerConnection connection, String uri) {
        McpSchema.ReadResourceRequest request = new McpSchema.ReadResourceRequest(uri);
        Trace span = span(connection, "resources/read", null);
        return span.endWhen(send(connection, span, c -> c.readResource(request)));
    }

    CompletableFuture<McpSchema.GetPromptResult> getPrompt(ServerConnection connection, String name,
            Map<String, Object> arguments) {
        McpSchema.GetPromptRequest request = new McpSchema.GetPromptRequest(name, arguments == null ? Map.of() : arguments);
        Trace span = span(connection, "prompts/get", name).set(Spans.PROMPT_NAME, name);
        return span.endWhen(send(connection, span, c -> c.getPrompt(request)));
    }

    private Trace span(ServerConnection connection, String method, String target) {
        return Spans.mcpCall(telemetry.current(), method, target, URI.create(connection.server().url()))
                .set(Spans.SERVER_ID, connection.server().id());
    }

    private static <T> CompletableFuture<T> send(ServerConnection connection, Trace span,
            Function<McpAsyncClient, Mono<T>> request) {
        return connection.use(client -> SdkAsync.call(request.apply(client), null, span), span);
    }

    /** MCP lets a server omit {@code isError} (meaning false); callers of this module never see null. */
    private static McpSchema.CallToolResult withIsError(McpSchema.CallToolResult result) {
        return result == null || result.isError() != null ? result
                : new McpSchema.CallToolResult(result.content(), Boolean.FALSE, result.structuredContent(), result.meta());
    }
}
