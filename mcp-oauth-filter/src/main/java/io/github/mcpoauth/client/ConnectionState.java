package io.github.mcpoauth.client;

import java.util.Locale;

/** The life of one server connection, as the seed's {@code MCPConnectionState}. */
public enum ConnectionState {
    AUTHENTICATING,
    CONNECTING,
    CONNECTED,
    DISCOVERING,
    READY,
    FAILED;

    /** The wire name, e.g. {@code ready}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
