package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.store.TokenSet;
import java.time.Duration;
import java.time.Instant;

/**
 * When an access token is refreshed ahead of its expiry (RFC 6749 section 6): once it is within the
 * refresh skew ({@code mcp.oauth.refresh-skew}) of expiring, the skew capped at half the token's
 * lifetime ({@code expiresAt - issuedAt}, both in the store). Without the cap a token living no
 * longer than the skew (Keycloak's default is 60 s, like the skew) would be due the moment it
 * arrived and be refreshed before every request; with it a token is always used for at least half
 * its life, so at most two token requests per lifetime, while a short token still keeps half its
 * life as the margin for the refresh round trip. A token without an expiry is never due.
 */
public final class RefreshDue {

    private RefreshDue() {
    }

    /** True when {@code tokens} should be refreshed at {@code now} under the configured {@code skew}. */
    public static boolean at(TokenSet tokens, Duration skew, Instant now) {
        Instant expiresAt = tokens.expiresAt();
        if (expiresAt == null) {
            return false;
        }
        Duration halfLife = Duration.between(tokens.issuedAt(), expiresAt).dividedBy(2);
        Duration margin = halfLife.isNegative() ? Duration.ZERO : halfLife.compareTo(skew) < 0 ? halfLife : skew;
        return !now.plus(margin).isBefore(expiresAt);
    }
}
