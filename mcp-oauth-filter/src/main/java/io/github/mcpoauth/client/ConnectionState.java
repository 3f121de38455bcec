package io.github.mcpoauth.client;

import java.util.Locale;

/**
 * The life of one server connection, as the seed's {@code MCPConnectionState}, plus the seed's
 * {@code not-connected}: a server kept (registration, tokens) whose session the application closed
 * ({@link McpClientManager#closeConnection}); {@link McpClientManager#reconnect} opens it again.
 */
public enum ConnectionState {
    AUTHENTICATING,
    CONNECTING,
    CONNECTED,
    DISCOVERING,
    READY,
    FAILED,
    NOT_CONNECTED;

    /** The wire name, e.g. {@code ready}, {@code not-connected}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The state whose {@link #wireName()} is {@code wireName}. */
    public static ConnectionState fromWireName(String wireName) {
        for (ConnectionState state : values()) {
            if (state.wireName().equals(wireName)) {
                return state;
            }
        }
        throw new IllegalArgumentException("Unknown connection state: " + wireName);
    }

    /** Whether nothing is in progress: ready, failed, waiting for the user, or closed by the application. */
    public boolean isSettled() {
        return this == READY || this == FAILED || this == AUTHENTICATING || this == NOT_CONNECTED;
    }
}
