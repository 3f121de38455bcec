package io.github.mcpoauth.web;

/**
 * How an OAuth callback ended.
 *
 * @param serverId the server the authorization was for; null when the callback was refused, or when
 *        the server was still connecting after {@code mcp.oauth.discovery-timeout} (state {@code connecting})
 * @param state the server's state after the callback (e.g. {@code ready}, or {@code connecting} when it
 *        had not settled yet: the WebSocket tells the rest); null when refused
 * @param error null on success; else a sanitized message (plain text, never HTML)
 */
public record CallbackOutcome(String serverId, String state, String error) {

    public boolean success() {
        return error == null;
    }
}
