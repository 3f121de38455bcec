package io.github.mcpoauth.testsupport;

import java.util.Set;

/** What a live refresh token stands for; {@code jkt} the DPoP key it is bound to (RFC 9449 section 5), or null. */
record RefreshGrant(String refreshToken, String clientId, Set<String> scopes, String resource, String jkt) {

    RefreshGrant {
        scopes = Set.copyOf(scopes);
    }
}
