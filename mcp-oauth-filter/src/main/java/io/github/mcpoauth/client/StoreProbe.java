package io.github.mcpoauth.client;

import io.github.mcpoauth.store.McpStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the store whether it answers ({@link McpStore#check()}) for the health summary, on the
 * blocking threads, waiting at most a short timeout. One check at a time: callers arriving while
 * one runs, or within a second of its end, share it, so a health endpoint polled hard (or a
 * database hanging) adds at most one waiting store call, never a pile of them.
 */
final class StoreProbe {

    /** What the last check said, and since when the store has been out when it failed. */
    record Result(boolean reachable, Optional<Instant> unavailableSince) {
    }

    private static final long REUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final McpStore store;
    private final Executor blocking;
    private final Clock clock;
    private final Duration timeout;
    private CompletableFuture<Void> check;
    private long checkStarted;
    private Instant firstFailure;

    StoreProbe(McpStore store, Executor blocking, Clock clock, Duration timeout) {
        this.store = store;
        this.blocking = blocking;
        this.clock = clock;
        this.timeout = timeout;
    }

    Result probe() {
        boolean reachable = answered(current());
        Optional<Instant> since = Optional.empty();
        synchronized (this) {
            if (reachable) {
                firstFailure = null;
            } else {
                if (firstFailure == null) {
                    firstFailure = clock.instant();
                }
                since = Optional.of(store.unavailableSince().orElse(firstFailure));
            }
        }
        return new Result(reachable, since);
    }

    private synchronized CompletableFuture<Void> current() {
        long now = System.nanoTime();
        if (check == null || check.isDone() && now - checkStarted >= REUSE_NANOS) {
            CompletableFuture<Void> next = new CompletableFuture<>();
            check = next;
            checkStarted = now;
            try {
                blocking.execute(() -> {
                    try {
                        store.check();
                        next.complete(null);
                    } catch (RuntimeException e) {
                        next.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException closed) {
                next.completeExceptionally(closed);
            }
        }
        return check;
    }

    /** Whether the check succeeded within the timeout; why not is the store's to log (its outage log). */
    private boolean answered(CompletableFuture<Void> running) {
        try {
            running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
