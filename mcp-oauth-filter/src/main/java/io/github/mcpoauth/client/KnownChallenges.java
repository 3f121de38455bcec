package io.github.mcpoauth.client;

import io.github.mcpoauth.internal.oauth.BearerChallenge;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The challenge each MCP server URL gave a request without credentials (RFC 6750 section 3: the 401,
 * whatever its {@code error} code; section 3.1 says it should carry none, but the MCP TypeScript
 * SDK's servers send {@code invalid_token}), kept for a few minutes so that another owner's first
 * {@code initialize} without a token need not ask again: the transport fails it at once with the
 * known challenge, and the owner's authorization starts one round trip sooner. Like the discovery
 * documents it leads to, the challenge is public (any anonymous request gets it), so every owner of
 * the URL shares it. It is never used for a request that carries a token or headers of the owner's
 * own, and it is dropped when a server with that URL is removed or reconnected by hand, so the next
 * attempt asks the server again. Bounded: when full, a new URL is not kept (it is asked each time).
 */
final class KnownChallenges {

    /** As long as the discovery results it leads to are kept. */
    static final Duration TTL = Duration.ofMinutes(5);
    static final int MAX_URLS = 10_000;

    private final RecentAnswers<BearerChallenge> seen;

    KnownChallenges(Clock clock) {
        this.seen = new RecentAnswers<>(clock, TTL, MAX_URLS);
    }

    /**
     * Keeps {@code challenge}, the answer to a request to {@code url} that carried no credentials
     * ({@link AuthChallenges#refusedWithoutCredentials}), when it is a 401.
     */
    void remember(URI url, BearerChallenge challenge) {
        if (challenge.status() == 401) {
            seen.remember(url, challenge);
        }
    }

    /** The challenge {@code url} gave a request without credentials, if seen within {@link #TTL}. */
    Optional<BearerChallenge> find(URI url) {
        return seen.find(url);
    }

    /** The next request without credentials to {@code url} asks the server again. */
    void forget(URI url) {
        seen.forget(url);
    }
}
