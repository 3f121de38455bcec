package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks what a caller asks to add before anything is stored: bad input loses nothing. */
final class ServerRequestValidator {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    /** Headers the transport itself sets: the MCP protocol's own, and the content negotiation it relies on. */
    private static final Set<String> TRANSPORT_HEADERS = Set.of("expect", "content-type", "accept",
            "mcp-session-id", "mcp-protocol-version", "last-event-id");
    /**
     * Hop-by-hop (RFC 9110 section 7.6.1) and message-framing headers (RFC 9112 section 6): a user-chosen
     * value here could make the request mean something else to a proxy than to the server (smuggling).
     */
    private static final Set<String> FRAMING_HEADERS = Set.of("transfer-encoding", "te", "trailer", "connection",
            "keep-alive", "upgrade", "host", "content-length");

    private ServerRequestValidator() {
    }

    static String name(String name) {
        if (name == null || name.isBlank() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw new McpOAuthException(Code.INVALID_REQUEST, "name must be 1 to 200 printable characters");
        }
        return name.trim();
    }

    static String id(String id) {
        if (!ID.matcher(id).matches()) {
            throw new McpOAuthException(Code.INVALID_REQUEST, "id must be 1 to 64 letters, digits, '-' or '_'");
        }
        return id;
    }

    static Map<String, String> headers(Map<String, String> headers) {
        if (headers.size() > 50) {
            throw new McpOAuthException(Code.INVALID_REQUEST, "at most 50 custom headers");
        }
        headers.forEach((name, value) -> {
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                throw new McpOAuthException(Code.INVALID_REQUEST, "header name not allowed: "
                        + (name == null ? "null" : io.github.mcpoauth.internal.oauth.ErrorText.sanitize(name)));
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (FRAMING_HEADERS.contains(lower) || lower.startsWith("proxy-")) {
                throw new McpOAuthException(Code.INVALID_REQUEST, "header " + name
                        + " not allowed: hop-by-hop and framing headers are set by the connection itself");
            }
            if (TRANSPORT_HEADERS.contains(lower)) {
                throw new McpOAuthException(Code.INVALID_REQUEST, "header " + name
                        + " not allowed: the MCP transport sets it");
            }
            if (value == null || value.length() > 8192 || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new McpOAuthException(Code.INVALID_REQUEST, "header value not allowed for " + name);
            }
        });
        return Map.copyOf(headers);
    }
}
