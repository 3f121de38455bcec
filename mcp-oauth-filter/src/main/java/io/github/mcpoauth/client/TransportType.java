package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import java.util.Locale;

/** How to talk to an MCP server: streamable HTTP, the older HTTP+SSE transport, or auto. */
public enum TransportType {
    /** Streamable HTTP first; the HTTP+SSE transport when the server refuses it. */
    AUTO,
    STREAMABLE_HTTP,
    SSE;

    /** The wire name: {@code auto}, {@code streamable-http}, {@code sse}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static TransportType fromWireName(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        for (TransportType type : values()) {
            if (type.wireName().equalsIgnoreCase(value.trim())) {
                return type;
            }
        }
        throw new McpOAuthException(McpOAuthException.Code.INVALID_REQUEST,
                "transport.type must be auto, streamable-http or sse");
    }
}
