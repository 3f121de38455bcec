/**
 * Not API: the live-state WebSocket endpoint and one broadcaster per owner, which sends each socket
 * the newest state with one send in flight. {@code web} registers the endpoint and decides the
 * handshake through {@link io.github.mcpoauth.internal.ws.HandshakePolicy}.
 *
 * <p>Uses the Jakarta WebSocket API only: never {@code jakarta.servlet} (the HTTP session arrives
 * as an {@code Object}), never {@code web}; may import {@code client}.
 */
package io.github.mcpoauth.internal.ws;
