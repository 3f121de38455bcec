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

    /**
     * True when the access token should be refreshed at {@code now} (RFC 6749 section 6): once it
     * is within {@code skew} ({@code mcp.oauth.refresh-skew}) of expiring, the skew capped at half
     * its lifetime ({@code expiresAt - issuedAt}). Without the cap a token living no longer than
     * the skew (Keycloak's default is 60 s, like the skew) would be due the moment it arrived and
     * be refreshed before every request; with it a token is always used for at least half its
     * life, while a short token still keeps half its life as the margin for the refresh. A token
     * without an expiry is never due.
     */
    public boolean refreshDue(Duration skew, Instant now) {
        if (expiresAt == null) {
            return false;
        }
        Duration halfLife = Duration.between(issuedAt, expiresAt).dividedBy(2);
        Duration margin = halfLife.isNegative() ? Duration.ZERO : halfLife.compareTo(skew) < 0 ? halfLife : skew;
        return !now.plus(margin).isBefore(expiresAt);
    }

    /** Never prints token values. */
    @Override
    public String toString() {
        return "TokenSet[expiresAt=" + expiresAt + ", scope=" + scope + ", refreshable=" + (refreshToken != null) + "]";
    }
}
