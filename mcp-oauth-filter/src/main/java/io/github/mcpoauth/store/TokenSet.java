package io.github.mcpoauth.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The tokens issued for one owner's server (RFC 6749 section 5.1).
 *
 * @param refreshToken null when none was issued
 * @param expiresAt null when the server did not say
 * @param scope the granted scope, space-separated, or null
 */
public record TokenSet(
        String accessToken,
        String refreshToken,
        String tokenType,
        Instant expiresAt,
        String scope,
        Instant issuedAt) {

    public TokenSet {
        Objects.requireNonNull(accessToken, "accessToken");
        tokenType = tokenType == null ? "Bearer" : tokenType;
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    /** True when the access token expires within {@code skew} of {@code now}. */
    public boolean expiresWithin(Duration skew, Instant now) {
        return expiresAt != null && !now.plus(skew).isBefore(expiresAt);
    }

    /** Never prints token values. */
    @Override
    public String toString() {
        return "TokenSet[expiresAt=" + expiresAt + ", scope=" + scope + ", refreshable=" + (refreshToken != null) + "]";
    }
}
