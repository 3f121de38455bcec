package io.github.mcpoauth.internal.telemetry;

import io.github.mcpoauth.McpOAuthException;
import io.modelcontextprotocol.spec.McpError;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A failure as OpenTelemetry's {@code error.type}: a low-cardinality class of error, never its
 * message. The MCP semantic conventions ask for the JSON-RPC error code when the server sent one,
 * and {@code tool_error} for a tool result with {@code isError}; the module's own failures name
 * their {@link McpOAuthException.Code}; timeouts and cancellations are {@code timeout} and
 * {@code cancelled}; anything else is its exception class, as the conventions' examples do.
 */
public final class ErrorTypes {

    /** A {@code tools/call} answered with {@code isError: true}. */
    public static final String TOOL_ERROR = "tool_error";

    private ErrorTypes() {
    }

    public static String of(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CancellationException) {
            return "cancelled";
        }
        if (t instanceof TimeoutException || t instanceof HttpTimeoutException) {
            return "timeout";
        }
        if (t instanceof McpOAuthException e) {
            return e.code().name().toLowerCase(Locale.ROOT);
        }
        if (t instanceof McpError e && e.getJsonRpcError() != null) {
            return Integer.toString(e.getJsonRpcError().code());
        }
        return t.getClass().getName();
    }
}
