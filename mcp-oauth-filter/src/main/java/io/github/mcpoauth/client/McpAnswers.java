package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Optional;

/**
 * What an MCP endpoint may answer, and the error for a URL that answers something else (a web
 * page, say). MCP 2025-11-25 "Transports": a POST is answered with {@code application/json}, a
 * {@code text/event-stream} or nothing (202); the HTTP+SSE transport's GET opens a
 * {@code text/event-stream}. The error names only the status and the media type, never the body,
 * and is permanent: trying again or over the other transport would not change the answer.
 */
final class McpAnswers {

    private static final int MAX_TYPE = 80;

    private McpAnswers() {
    }

    /**
     * A refusal of a POST in a media type MCP never uses (an error page): not an MCP answer, but
     * the other transport may still be there (MCP "Backwards Compatibility": a client falls back
     * after a 4xx), so not yet permanent; {@link #permanent()} is the error once nothing is left to try.
     */
    static final class ForeignRefusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String mediaType;

        ForeignRefusal(int status, String mediaType) {
            super("not an MCP endpoint: got " + mediaType + " (HTTP " + status + ")", null, false, false);
            this.status = status;
            this.mediaType = mediaType;
        }

        McpOAuthException permanent() {
            return notMcp(status, mediaType);
        }
    }

    /**
     * Checks the answer to a POST before anything reads its body: a 2xx in a media type MCP does
     * not allow is a permanent {@link McpOAuthException}; any other status but 401/403 (which carry
     * the OAuth challenge) in such a type is a {@link ForeignRefusal}. Nothing for MCP's own answers.
     */
    static void checkPost(HttpResponse.ResponseInfo info) {
        int status = info.statusCode();
        if (status == 202 || status == 401 || status == 403) {
            return;
        }
        Optional<String> type = mediaType(info.headers());
        if (type.isEmpty() || isMcp(type.get())) {
            return;
        }
        if (status >= 200 && status < 300) {
            throw notMcp(status, type.get());
        }
        throw new ForeignRefusal(status, type.get());
    }

    /** The error to report for {@code error}: a foreign refusal becomes permanent once no transport is left. */
    static Throwable settled(Throwable error) {
        ForeignRefusal refusal = Failures.find(error, ForeignRefusal.class);
        return refusal == null ? error : refusal.permanent();
    }

    /**
     * The failure for an answer to the HTTP+SSE transport's GET that is content but no MCP content
     * (HTML, plain text); empty for an event stream, JSON (an error document), or no content type.
     */
    static Optional<McpOAuthException> checkSseGet(int status, HttpHeaders headers) {
        return check(status, headers);
    }

    private static Optional<McpOAuthException> check(int status, HttpHeaders headers) {
        Optional<String> type = mediaType(headers);
        return type.isEmpty() || isMcp(type.get()) ? Optional.empty() : Optional.of(notMcp(status, type.get()));
    }

    static McpOAuthException notMcp(int status, String mediaType) {
        return new McpOAuthException(McpOAuthException.Code.INVALID_REQUEST, "not an MCP endpoint: got " + mediaType
                + (status >= 200 && status < 300 ? "" : " (HTTP " + status + ")"));
    }

    /** Whether the answer is an event stream, which may stay open as long as the session. */
    static boolean isEventStream(HttpHeaders headers) {
        return mediaType(headers).filter(t -> t.equals("text/event-stream")).isPresent();
    }

    private static boolean isMcp(String mediaType) {
        return mediaType.contains("application/json") || mediaType.contains("text/event-stream");
    }

    /** The media type without parameters, lower case, only token characters; empty when absent. */
    private static Optional<String> mediaType(HttpHeaders headers) {
        String value = headers.firstValue("Content-Type").orElse("");
        int semicolon = value.indexOf(';');
        String type = (semicolon >= 0 ? value.substring(0, semicolon) : value).strip().toLowerCase(Locale.ROOT);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder safe = new StringBuilder();
        for (char c : type.toCharArray()) {
            if (safe.length() == MAX_TYPE) {
                break;
            }
            safe.append(c < 128 && (Character.isLetterOrDigit(c) || "/+-.*_!#$&^`|~".indexOf(c) >= 0) ? c : '?');
        }
        return Optional.of(safe.toString());
    }
}
