package io.github.mcpoauth.oauth;

import io.github.mcpoauth.store.TokenSet;
import java.util.Objects;

/** The outcome of a successful callback: the tokens now stored for the owner's server. */
public record CompletedAuthorization(String owner, String serverId, TokenSet tokens) {

    public CompletedAuthorization {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(tokens, "tokens");
    }
}
