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
 * @param tokenType {@code Bearer}, or {@code DPoP} for a token bound to {@code dpopKey} (RFC 9449 section 5)
 * @param dpopKey the private key (a JWK, JSON) the DPoP proofs for these tokens are signed with
 *        (RFC 9449 section 4), made for this owner's server and kept across refreshes; null when the
 *        tokens were obtained without DPoP. A secret like the tokens: stored encrypted, never logged
 */
public record TokenSet(
        String accessToken,
        String refreshToken,
        String tokenType,
        Instant expiresAt,
        String scope,
        Instant issuedAt,
        String dpopKey) {

    public TokenSet {
        Objects.requireNonNull(accessToken, "accessToken");
        tokenType = tokenType == null ? "Bearer" : tokenType;
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    /** Tokens obtained without DPoP. */
    public TokenSet(String accessToken, String refreshToken, String tokenType, Instant expiresAt, String scope,
            Instant issuedAt) {
        this(accessToken, refreshToken, tokenType, expiresAt, scope, issuedAt, null);
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

    /**
     * True when the access token is presented with the DPoP scheme and a proof (RFC 9449 section
     * 7.1): the AS answered {@code token_type=DPoP} and the key is at hand. An AS that answered
     * {@code Bearer} despite the proof issued an unbound token, used as a bearer token.
     */
    public boolean dpopBound() {
        return dpopKey != null && "DPoP".equalsIgnoreCase(tokenType);
    }

    /** Never prints token values or the key. */
    @Override
    public String toString() {
        return "TokenSet[expiresAt=" + expiresAt + ", scope=" + scope + ", refreshable=" + (refreshToken != null)
                + ", dpop=" + dpopBound() + "]";
    }
}
