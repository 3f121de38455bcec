package io.github.mcpoauth.internal.oauth;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Counts token refreshes that ended without new tokens since the service started: a failed exchange
 * (network, timeout, an unexpected answer, or the store not answering around it) or a refused grant
 * ({@code invalid_grant}, which drops the tokens). Callers sharing one refresh count once. Operators see the count and the last time in the health summary; a count that grows while
 * users are idle usually means an authorization server is down or revoked the app's grants.
 */
public final class RefreshFailures {

    /** The count since start and when the last one happened (empty: none yet). */
    public record Count(long total, Optional<Instant> last) {
    }

    private final Clock clock;
    private long total;
    private Instant last;

    RefreshFailures(Clock clock) {
        this.clock = clock;
    }

    synchronized void record() {
        total++;
        last = clock.instant();
    }

    public synchronized Count count() {
        return new Count(total, Optional.ofNullable(last));
    }
}
