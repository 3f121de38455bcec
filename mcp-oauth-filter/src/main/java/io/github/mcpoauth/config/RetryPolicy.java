package io.github.mcpoauth.config;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a connection is retried: exponential backoff with full jitter
 * (each wait is uniformly random between zero and the capped exponential bound).
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    /** The upper bound of the wait before attempt {@code attempt} (2 is the first retry). */
    public Duration bound(int attempt) {
        long base = initialBackoff.toMillis();
        int shift = Math.min(Math.max(attempt - 2, 0), 30);
        long bound = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
        return Duration.ofMillis(Math.min(bound, maxBackoff.toMillis()));
    }

    /** A jittered wait before attempt {@code attempt}. */
    public Duration backoff(int attempt) {
        long bound = bound(attempt).toMillis();
        return Duration.ofMillis(bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1));
    }
}
