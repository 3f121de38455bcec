package io.github.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The refresh skew, capped at half the token's lifetime. */
class TokenSetRefreshDueTest {

    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(60);

    private static TokenSet living(Duration lifetime) {
        return new TokenSet("at", "rt", "Bearer", ISSUED.plus(lifetime), null, ISSUED);
    }

    private static boolean dueAfter(TokenSet tokens, Duration elapsed) {
        return tokens.refreshDue(SKEW, ISSUED.plus(elapsed));
    }

    @Test
    void aTokenLivingAsLongAsTheSkewIsDueOnlyOnceHalfSpent() {
        TokenSet sixty = living(Duration.ofSeconds(60));
        assertFalse(dueAfter(sixty, Duration.ZERO));
        assertFalse(dueAfter(sixty, Duration.ofMillis(29_999)));
        assertTrue(dueAfter(sixty, Duration.ofSeconds(30)));
        assertTrue(dueAfter(sixty, Duration.ofSeconds(90)));
    }

    @Test
    void aLongLivedTokenIsDueWithinTheFullSkew() {
        TokenSet hour = living(Duration.ofHours(1));
        assertFalse(dueAfter(hour, Duration.ofMinutes(58)));
        assertTrue(dueAfter(hour, Duration.ofMinutes(59)));
    }

    @Test
    void aTokenShorterThanTheSkewStillGetsHalfItsLife() {
        TokenSet ten = living(Duration.ofSeconds(10));
        assertFalse(dueAfter(ten, Duration.ofSeconds(4)));
        assertTrue(dueAfter(ten, Duration.ofSeconds(5)));
    }

    @Test
    void aTokenWithoutExpiryIsNeverDue() {
        assertFalse(dueAfter(new TokenSet("at", "rt", "Bearer", null, null, ISSUED), Duration.ofDays(365)));
    }

    @Test
    void anExpiryBeforeTheIssueTimeIsDueAtOnce() {
        TokenSet odd = new TokenSet("at", "rt", "Bearer", ISSUED.minusSeconds(5), null, ISSUED);
        assertTrue(dueAfter(odd, Duration.ZERO));
    }
}
