package io.github.mcpoauth.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An authorization the user has been sent to but has not completed: the {@code state} value and
 * its PKCE verifier (RFC 7636), bound to one owner and one server. Single use; expires.
 *
 * @param issuer the AS issuer, to check an RFC 9207 {@code iss} callback parameter; may be null
 * @param authUrl the authorization URL the user was given, so a restored server can offer it again
 * @param attempt 1 for the first authorization, more for step-up re-authorizations in a row
 * @param issuerRequired the AS advertises {@code authorization_response_iss_parameter_supported}, so a
 *        response without {@code iss} is refused (RFC 9207 section 2.4)
 * @param dpopAlgorithm the JWS algorithm of the DPoP key to make for the code exchange (RFC 9449
 *        section 5), chosen from the AS's {@code dpop_signing_alg_values_supported}; null for none
 */
public record PendingAuthorization(
        String state,
        String owner,
        String serverId,
        String codeVerifier,
        String redirectUri,
        String resource,
        String scope,
        String issuer,
        String authUrl,
        int attempt,
        Instant createdAt,
        Instant expiresAt,
        boolean issuerRequired,
        String dpopAlgorithm) {

    public PendingAuthorization {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(authUrl, "authUrl");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** An authorization whose tokens are not requested with DPoP. */
    public PendingAuthorization(String state, String owner, String serverId, String codeVerifier, String redirectUri,
            String resource, String scope, String issuer, String authUrl, int attempt, Instant createdAt,
            Instant expiresAt, boolean issuerRequired) {
        this(state, owner, serverId, codeVerifier, redirectUri, resource, scope, issuer, authUrl, attempt, createdAt,
                expiresAt, issuerRequired, null);
    }

    /** An authorization whose response need not carry {@code iss}. */
    public PendingAuthorization(String state, String owner, String serverId, String codeVerifier, String redirectUri,
            String resource, String scope, String issuer, String authUrl, int attempt, Instant createdAt,
            Instant expiresAt) {
        this(state, owner, serverId, codeVerifier, redirectUri, resource, scope, issuer, authUrl, attempt, createdAt,
                expiresAt, false);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Never prints the state or verifier. */
    @Override
    public String toString() {
        return "PendingAuthorization[owner=" + owner + ", serverId=" + serverId + ", expiresAt=" + expiresAt + "]";
    }
}
