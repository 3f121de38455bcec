package io.github.mcpoauth.web;

import com.nimbusds.jwt.JWTParser;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ID token each owner's latest request carried, kept in memory only (never in the store) until
 * it expires, so enterprise-managed authorization can use it when a server asks for authorization
 * outside a request of that owner (a reconnect, an expired token). One entry per owner, bounded;
 * a token is only ever handed out for the owner whose request carried it.
 */
final class CapturedIdTokens {

    static final int MAX_OWNERS = 10_000;

    private final Clock clock;
    private final Map<String, Captured> byOwner = new ConcurrentHashMap<>();

    CapturedIdTokens(Clock clock) {
        this.clock = clock;
    }

    /** Keeps {@code idToken} as the owner's, replacing the one before; an expired or unreadable one is not kept. */
    void capture(String owner, String idToken) {
        Instant now = clock.instant();
        Instant expiry = expiryOf(idToken);
        if (expiry == null || !expiry.isAfter(now)) {
            return;
        }
        Captured before = byOwner.get(owner);
        if (before != null && before.idToken().equals(idToken)) {
            return;
        }
        if (before == null && byOwner.size() >= MAX_OWNERS) {
            byOwner.values().removeIf(c -> !c.expiry().isAfter(now));
            if (byOwner.size() >= MAX_OWNERS) {
                return; // full of live tokens: this owner is asked in the popup instead
            }
        }
        byOwner.put(owner, new Captured(idToken, expiry));
    }

    Optional<String> idToken(String owner) {
        Captured captured = byOwner.get(owner);
        if (captured == null) {
            return Optional.empty();
        }
        if (!captured.expiry().isAfter(clock.instant())) {
            byOwner.remove(owner, captured);
            return Optional.empty();
        }
        return Optional.of(captured.idToken());
    }

    /** An ID token always has {@code exp} (OpenID Connect Core section 2); without one it is not kept. */
    private static Instant expiryOf(String idToken) {
        try {
            Date exp = JWTParser.parse(idToken).getJWTClaimsSet().getExpirationTime();
            return exp == null ? null : exp.toInstant();
        } catch (java.text.ParseException | RuntimeException e) {
            return null;
        }
    }

    private record Captured(String idToken, Instant expiry) {
        @Override
        public String toString() {
            return "Captured[expiry=" + expiry + "]";
        }
    }
}
