package io.github.mcpoauth.client;

import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps what an MCP server sent out of the messages users and logs see. The MCP SDK reports an
 * unexpected HTTP status as "Received unexpected status code: 500, response body: ..." with the
 * body quoted (its SSE transport as "Failed to connect to SSE stream: 500, response body: ..."),
 * and a user can point the module at any URL: such a message is replaced by the status and its
 * reason phrase (RFC 9110 section 15), and any other message is cut before a body. The body itself
 * is already withheld from the SDK ({@link io.github.mcpoauth.internal.http.WithheldBody}); this is
 * the second line.
 */
final class UpstreamStatus {

    private static final Pattern STATUS = Pattern.compile("(?:status code|stream):?\\s*(\\d{3})\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern BODY = Pattern.compile("[,;:]?\\s*(response )?body\\b", Pattern.CASE_INSENSITIVE);
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(409, "Conflict"), Map.entry(410, "Gone"), Map.entry(413, "Content Too Large"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private UpstreamStatus() {
    }

    /** The HTTP status a message in the cause chain reports, if any. */
    static OptionalInt of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher m = t.getMessage() == null ? null : STATUS.matcher(t.getMessage());
            if (m != null && m.find()) {
                return OptionalInt.of(Integer.parseInt(m.group(1)));
            }
        }
        return OptionalInt.empty();
    }

    /** "The server answered HTTP 500 (Internal Server Error)". */
    static String describe(int status) {
        String reason = REASONS.get(status);
        return "The server answered HTTP " + status + (reason == null ? "" : " (" + reason + ")");
    }

    /** {@code message} up to where it starts quoting a body. */
    static String withoutBody(String message) {
        Matcher m = BODY.matcher(message);
        return m.find() ? message.substring(0, m.start()).strip() : message;
    }
}
