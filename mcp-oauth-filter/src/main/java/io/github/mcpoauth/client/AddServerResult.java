package io.github.mcpoauth.client;

/**
 * What {@code addMcpServer} and {@code reconnect} answer: the server id, its state, and where the
 * user should authorize when the state is {@link ConnectionState#AUTHENTICATING} (else null).
 */
public record AddServerResult(String id, ConnectionState state, String authUrl) {
}
