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
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "content-type", "accept", "mcp-session-id", "mcp-protocol-version", "last-event-id");

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
            if (name == null || !HEADER_NAME.matcher(name).matches()
                    || RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new McpOAuthException(Code.INVALID_REQUEST, "header name not allowed: "
                        + (name == null ? "null" : io.github.mcpoauth.internal.oauth.ErrorText.sanitize(name)));
            }
            if (value == null || value.length() > 8192 || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new McpOAuthException(Code.INVALID_REQUEST, "header value not allowed for " + name);
            }
        });
        return Map.copyOf(headers);
    }
}
