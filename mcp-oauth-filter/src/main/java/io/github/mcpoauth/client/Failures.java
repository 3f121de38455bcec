package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.internal.oauth.ErrorText;
import io.modelcontextprotocol.spec.McpError;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns a failure into the short, sanitized sentence a user sees, and into our exception type. An
 * upstream's body never gets into it (see {@link UpstreamStatus}).
 */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable error) {
        Throwable t = unwrap(error);
        McpOAuthException ours = find(t, McpOAuthException.class);
        if (ours != null) {
            return ErrorText.sanitize(ours.getMessage());
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (isTimeout(t)) {
            return "Timed out waiting for the server";
        }
        if (find(t, ConnectException.class) != null) {
            return "Could not connect to the server";
        }
        UnknownHostException unknown = find(t, UnknownHostException.class);
        if (unknown != null) {
            return "Unknown host " + ErrorText.sanitize(unknown.getMessage());
        }
        java.util.OptionalInt status = UpstreamStatus.of(t);
        if (status.isPresent()) {
            return UpstreamStatus.describe(status.getAsInt());
        }
        if (t instanceof McpError e) {
            return ErrorText.sanitize("Server error: " + UpstreamStatus.withoutBody(String.valueOf(e.getMessage())));
        }
        String message = root.getMessage() != null ? root.getMessage() : t.getMessage();
        return ErrorText.sanitize(message == null || message.isBlank() ? root.getClass().getSimpleName()
                : UpstreamStatus.withoutBody(message));
    }

    /**
     * What kind of failure this was, for a log line: never a message, which may carry what a
     * server sent.
     */
    static String kind(Throwable error) {
        Throwable t = unwrap(error);
        McpOAuthException ours = find(t, McpOAuthException.class);
        if (ours != null) {
            return ours.code().name().toLowerCase(java.util.Locale.ROOT);
        }
        if (isTimeout(t)) {
            return "timed out";
        }
        if (find(t, ConnectException.class) != null) {
            return "connection refused";
        }
        if (find(t, UnknownHostException.class) != null) {
            return "unknown host";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    /** The first throwable of {@code type} in the cause chain, or null. */
    /** Whether {@code error} is a service, such as the store, saying it is unavailable (it logs that itself). */
    static boolean isUnavailable(Throwable error) {
        McpOAuthException ours = find(error, McpOAuthException.class);
        return ours != null && ours.code() == McpOAuthException.Code.UNAVAILABLE;
    }

    static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Our own or the HTTP client's timeout anywhere in the chain (connect timeouts included). */
    static boolean isTimeout(Throwable error) {
        return find(error, TimeoutException.class) != null || find(error, HttpTimeoutException.class) != null;
    }

    /** Our exception for a failure that reaches an API caller. */
    static McpOAuthException toException(Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof McpOAuthException e) {
            return e;
        }
        if (isTimeout(t)) {
            return new McpOAuthException(McpOAuthException.Code.TIMEOUT, describe(t), t);
        }
        return new McpOAuthException(McpOAuthException.Code.UPSTREAM, describe(t), t);
    }

    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CancellationException) {
            return new TimeoutException("cancelled");
        }
        return t;
    }
}
