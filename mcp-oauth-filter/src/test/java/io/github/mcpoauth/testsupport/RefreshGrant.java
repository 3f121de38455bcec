package io.github.mcpoauth.testsupport;

import java.util.Set;

/** What a live refresh token stands for. */
record RefreshGrant(String refreshToken, String clientId, Set<String> scopes, String resource) {

    RefreshGrant {
        scopes = Set.copyOf(scopes);
    }
}
