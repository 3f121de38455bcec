package io.github.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.github.mcpoauth.testsupport.TestClock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The in-memory ID tokens of the web layer: per owner, until they expire, bounded. */
class CapturedIdTokensTest {

    private final TestClock clock = TestClock.startingNow();
    private final CapturedIdTokens tokens = new CapturedIdTokens(clock);

    private String token(String subject, Duration validFor) {
        return new PlainJWT(new JWTClaimsSet.Builder().subject(subject)
                .expirationTime(Date.from(clock.instant().plus(validFor))).build()).serialize();
    }

    @Test
    void eachOwnerGetsOnlyTheTokenTheirOwnRequestCarriedUntilItExpires() {
        String alices = token("alice", Duration.ofMinutes(5));
        tokens.capture("alice", alices);

        assertEquals(Optional.of(alices), tokens.idToken("alice"));
        assertEquals(Optional.empty(), tokens.idToken("bob"));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(Optional.empty(), tokens.idToken("alice"));
    }

    @Test
    void aNewerTokenReplacesTheOldAndUnusableOnesAreNotKept() {
        tokens.capture("alice", token("alice", Duration.ofMinutes(5)));
        String newer = token("alice", Duration.ofMinutes(30));
        tokens.capture("alice", newer);
        tokens.capture("bob", token("bob", Duration.ofMinutes(-1)));
        tokens.capture("carol", "not a JWT");
        tokens.capture("dave", new PlainJWT(new JWTClaimsSet.Builder().subject("dave").build()).serialize());

        assertEquals(Optional.of(newer), tokens.idToken("alice"));
        assertEquals(Optional.empty(), tokens.idToken("bob"));
        assertEquals(Optional.empty(), tokens.idToken("carol"));
        assertEquals(Optional.empty(), tokens.idToken("dave"), "an ID token without exp is not kept");
    }

    @Test
    void whenFullExpiredTokensMakeRoomAndLiveOnesAreNeverDropped() {
        for (int i = 0; i < CapturedIdTokens.MAX_OWNERS; i++) {
            tokens.capture("owner-" + i, token("owner-" + i, i == 0 ? Duration.ofMinutes(1) : Duration.ofHours(1)));
        }
        String late = token("late", Duration.ofHours(1));
        tokens.capture("late", late);
        assertEquals(Optional.empty(), tokens.idToken("late"), "full of live tokens");

        clock.advance(Duration.ofMinutes(2)); // owner-0's expired
        tokens.capture("late", late);

        assertEquals(Optional.of(late), tokens.idToken("late"));
        assertTrue(tokens.idToken("owner-1").isPresent(), "a live token stays");
    }
}
