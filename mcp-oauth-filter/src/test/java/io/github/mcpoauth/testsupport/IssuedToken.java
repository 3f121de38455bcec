package io.github.mcpoauth.testsupport;

import java.time.Instant;
import java.util.Set;

/**
 * An access token issued by the {@link TestAuthorizationServer}.
 *
 * @param accessToken the token value
 * @param clientId the client it was issued to
 * @param scopes the granted scopes (possibly empty)
 * @param resource the RFC 8707 resource it is bound to, {@code null} if none was requested
 * @param expiresAt when it stops being valid
 * @param jkt the thumbprint of the DPoP key it is bound to (RFC 9449 section 6.1), null for a bearer token
 */
public record IssuedToken(String accessToken, String clientId, Set<String> scopes, String resource,
        Instant expiresAt, String jkt) {

    public IssuedToken {
        scopes = Set.copyOf(scopes);
    }

    public boolean hasScopes(Set<String> required) {
        return scopes.containsAll(required);
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
