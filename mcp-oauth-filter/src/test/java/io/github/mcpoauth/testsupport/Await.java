package io.github.mcpoauth.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for conditions that become true on another thread. */
public final class Await {

    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /** Waits until {@code condition} holds; an {@link AssertionError} naming {@code what} after {@code timeout}. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
