package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.store.TokenSet;
import java.util.Objects;

/**
 * What a callback did to a flow whose state it consumed: either the tokens are stored, or the
 * flow ended without them (an error response, RFC 6749 section 4.1.2.1, or a failed code exchange).
 * A callback refused before its state was consumed has no outcome: its future fails and the flow
 * stays pending, so the caller knows from the type, not from re-reading the store, whether the
 * flow is over.
 */
public sealed interface AuthorizationOutcome {

    String owner();

    String serverId();

    /** The code was exchanged; {@code tokens} are stored for the owner's server. */
    record Authorized(String owner, String serverId, TokenSet tokens) implements AuthorizationOutcome {

        public Authorized {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(serverId, "serverId");
            Objects.requireNonNull(tokens, "tokens");
        }
    }

    /** The state was consumed but no tokens came of it; {@code error}'s message is safe to show. */
    record Ended(String owner, String serverId, Throwable error) implements AuthorizationOutcome {

        public Ended {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(serverId, "serverId");
            Objects.requireNonNull(error, "error");
        }
    }
}
