package io.github.mcpoauth.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Timeouts on the service's own scheduler, in place of {@link CompletableFuture}'s own timeouts:
 * those use one JDK delay thread per JVM that never ends and keeps the context class loader of
 * whichever thread first needed it, in a container a web application's, so that application could
 * never be unloaded. Ours ends when the service closes.
 */
public final class Deadlines {

    private final ScheduledExecutorService scheduler;

    public Deadlines(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Completes {@code future} with {@code value} if it is still pending after {@code timeout}
     * (at once when the service is closed); returns {@code future}.
     */
    public <T> CompletableFuture<T> fallbackAfter(CompletableFuture<T> future, T value, Duration timeout) {
        return after(future, timeout, () -> future.complete(value));
    }

    /**
     * Fails {@code future} with {@code error} if it is still pending after {@code timeout} (at
     * once when the service is closed); returns {@code future}.
     */
    public <T> CompletableFuture<T> failAfter(CompletableFuture<T> future, Duration timeout,
            Supplier<? extends Throwable> error) {
        return after(future, timeout, () -> future.completeExceptionally(error.get()));
    }

    private <T> CompletableFuture<T> after(CompletableFuture<T> future, Duration timeout, Runnable expire) {
        if (future.isDone()) {
            return future;
        }
        try {
            ScheduledFuture<?> timer = scheduler.schedule(expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
            future.whenComplete((result, error) -> timer.cancel(false));
        } catch (RejectedExecutionException closed) {
            expire.run();
        }
        return future;
    }
}
