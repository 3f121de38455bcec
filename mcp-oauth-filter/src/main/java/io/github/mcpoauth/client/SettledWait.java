package io.github.mcpoauth.client;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@link McpClientManager#waitForConnectionsAsync}: a future completed with true by the state-change
 * event after which every connection is settled, or with false by a timer on the module's scheduler
 * (not {@code orTimeout}, which would use the JDK's delay thread). No thread waits; the listener and
 * the timer are removed once it completes.
 */
final class SettledWait {

    private SettledWait() {
    }

    static CompletableFuture<Boolean> start(Collection<ServerConnection> connections,
            Function<ServerStateListener, Subscription> subscribe, ScheduledExecutorService scheduler,
            Duration timeout) {
        CompletableFuture<Boolean> settled = new CompletableFuture<>();
        Subscription subscription = subscribe.apply((owner, serverId) -> {
            if (allSettled(connections)) {
                settled.complete(Boolean.TRUE);
            }
        });
        settled.whenComplete((v, e) -> subscription.close());
        if (allSettled(connections)) {
            settled.complete(Boolean.TRUE);
            return settled;
        }
        try {
            ScheduledFuture<?> timer = scheduler.schedule(() -> settled.complete(Boolean.FALSE),
                    timeout.toMillis(), TimeUnit.MILLISECONDS);
            settled.whenComplete((v, e) -> timer.cancel(false));
        } catch (RejectedExecutionException e) {
            settled.complete(allSettled(connections)); // the service is closing: what holds now
        }
        return settled;
    }

    private static boolean allSettled(Collection<ServerConnection> connections) {
        return connections.stream().allMatch(c -> c.snapshot().state().isSettled());
    }
}
