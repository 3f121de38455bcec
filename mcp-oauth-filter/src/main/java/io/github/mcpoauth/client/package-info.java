/**
 * The Java API: {@link io.github.mcpoauth.client.McpClientService} (one per application, owning the
 * module's threads and HTTP client) and {@link io.github.mcpoauth.client.McpClientManager} (one per
 * owner) on the MCP Java SDK, with the connection state machine behind them and the values they
 * return. Usable without a servlet container. The HTTP client itself and its connection pinning are
 * {@code internal.http}; what MCP transports see of it ({@code CheckedHttpClient}) is here.
 *
 * <p>May import {@code config}, {@code store}, {@code internal}, {@code internal.http} and
 * {@code internal.oauth}; never {@code web}, {@code internal.ws}, {@code jakarta.servlet} or
 * {@code jakarta.websocket}.
 */
package io.github.mcpoauth.client;
