package io.github.mcpoauth.testsupport;

import java.time.Instant;
import java.util.Set;

/** An authorization code waiting for its single exchange. */
record AuthorizationCode(String code, String clientId, String redirectUri, String codeChallenge, Set<String> scopes,
        String resource, Instant expiresAt) {

    AuthorizationCode {
        scopes = Set.copyOf(scopes);
    }
}
