package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.internal.oauth.BearerChallenge;
import io.github.mcpoauth.testsupport.TestClock;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KnownChallengesTest {

    private static final URI URL = URI.create("https://mcp.example/mcp");
    private static final BearerChallenge ANONYMOUS = new BearerChallenge(401, null, "read",
            URI.create("https://mcp.example/.well-known/oauth-protected-resource/mcp"));

    private final TestClock clock = TestClock.startingNow();
    private final KnownChallenges known = new KnownChallenges(clock);

    @Test
    void keepsTheAnswerToARequestWithoutCredentialsForFiveMinutes() {
        known.remember(URL, ANONYMOUS);
        assertEquals(Optional.of(ANONYMOUS), known.find(URL));
        clock.advance(KnownChallenges.TTL.minusSeconds(1));
        assertEquals(Optional.of(ANONYMOUS), known.find(URL));
        clock.advance(KnownChallenges.TTL);
        assertEquals(Optional.empty(), known.find(URL));
    }

    @Test
    void aForbiddenAnswerIsNotKept() {
        known.remember(URL, new BearerChallenge(403, "insufficient_scope", "write", null));
        known.remember(URL, new BearerChallenge(403, null, null, null));
        assertEquals(Optional.empty(), known.find(URL));
    }

    @Test
    void a401WithAnErrorCodeIsKeptAsTheTypeScriptSdksServersSendOneWithoutCredentialsToo() {
        BearerChallenge missingHeader = new BearerChallenge(401, "invalid_token", null, null);
        known.remember(URL, missingHeader);
        assertEquals(Optional.of(missingHeader), known.find(URL));
    }

    @Test
    void forgettingMakesTheNextRequestAskAgain() {
        known.remember(URL, ANONYMOUS);
        known.forget(URL);
        assertEquals(Optional.empty(), known.find(URL));
    }

    @Test
    void whenFullANewUrlIsNotKeptUntilOldEntriesExpire() {
        for (int i = 0; i < KnownChallenges.MAX_URLS; i++) {
            known.remember(URI.create("https://mcp" + i + ".example/mcp"), ANONYMOUS);
        }
        known.remember(URL, ANONYMOUS);
        assertTrue(known.find(URL).isEmpty(), "full: a new URL is asked each time");

        clock.advance(KnownChallenges.TTL);
        known.remember(URL, ANONYMOUS);
        assertEquals(Optional.of(ANONYMOUS), known.find(URL), "expired entries made room");
    }
}
