package io.github.mcpoauth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Exponential backoff bounds and full-jitter waits of {@link RetryPolicy}. */
class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(3));

    @Test
    void boundStartsAtInitialBackoffAndDoublesEachAttempt() {
        assertEquals(Duration.ofMillis(500), policy.bound(2));
        assertEquals(Duration.ofMillis(1000), policy.bound(3));
        assertEquals(Duration.ofMillis(2000), policy.bound(4));
    }

    @Test
    void boundIsCappedAtMaxBackoff() {
        assertEquals(Duration.ofSeconds(3), policy.bound(5));
        assertEquals(Duration.ofSeconds(3), policy.bound(6));
    }

    @Test
    void boundDoesNotOverflowForHugeAttemptNumbers() {
        assertEquals(Duration.ofSeconds(3), policy.bound(1_000));
        assertEquals(Duration.ofSeconds(3), policy.bound(Integer.MAX_VALUE));
        RetryPolicy yearly = new RetryPolicy(3, Duration.ofDays(365), Duration.ofDays(3650));
        assertEquals(Duration.ofDays(3650), yearly.bound(Integer.MAX_VALUE));
    }

    @Test
    void backoffStaysWithinZeroAndTheBound() {
        for (int attempt = 2; attempt <= 8; attempt++) {
            long bound = policy.bound(attempt).toMillis();
            for (int i = 0; i < 500; i++) {
                long wait = policy.backoff(attempt).toMillis();
                assertTrue(wait >= 0 && wait <= bound, "attempt " + attempt + " waited " + wait + " of " + bound);
            }
        }
    }

    @Test
    void backoffIsJitteredRatherThanConstant() {
        long distinct = IntStream.range(0, 200)
                .mapToObj(i -> policy.backoff(5)).distinct().count();
        assertTrue(distinct > 1, "200 waits were all equal");
    }

    @Test
    void zeroInitialBackoffMeansNoWait() {
        RetryPolicy immediate = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);

        assertEquals(Duration.ZERO, immediate.backoff(2));
        assertEquals(Duration.ZERO, immediate.backoff(10));
    }

    @Test
    void maxAttemptsBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO));
    }
}
