package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.store.TokenSet;
import java.util.Optional;

/**
 * How an authorization began: with tokens already granted and stored, no user involved
 * (enterprise-managed authorization), or with a {@link PendingAuthorization} whose {@code authUrl}
 * the user must visit, and then, when enterprise-managed authorization was tried first, why it
 * gave no tokens.
 *
 * @param pending null when {@code tokens} is present
 * @param reason null unless the enterprise attempt was made and failed; safe to show
 */
public record AuthorizationStart(Optional<TokenSet> tokens, PendingAuthorization pending, String reason) {

    public AuthorizationStart {
        tokens = tokens == null ? Optional.empty() : tokens;
        if (tokens.isEmpty() && pending == null) {
            throw new IllegalArgumentException("either tokens or a pending authorization");
        }
    }

    static AuthorizationStart granted(TokenSet tokens) {
        return new AuthorizationStart(Optional.of(tokens), null, null);
    }

    static AuthorizationStart popup(PendingAuthorization pending, String reason) {
        return new AuthorizationStart(Optional.empty(), pending, reason);
    }

    /** True when tokens were obtained and stored: connect again, no user needed. */
    public boolean granted() {
        return tokens.isPresent();
    }
}
