package io.github.mcpoauth.web;

/**
 * How an OAuth callback ended.
 *
 * @param serverId the server the authorization was for; null when the callback was refused
 * @param state the server's state after the callback (e.g. {@code ready}); null when refused
 * @param error null on success; else a sanitized message (plain text, never HTML)
 */
public record CallbackOutcome(String serverId, String state, String error) {

    public boolean success() {
        return error == null;
    }
}
