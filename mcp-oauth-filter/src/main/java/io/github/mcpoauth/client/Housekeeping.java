package io.github.mcpoauth.client;

import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.McpStore;
import java.time.Clock;
import java.util.Collection;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's periodic work: closing idle sessions ({@code mcp.oauth.idle-timeout}), purging
 * expired pending authorizations (every minute) and re-reading the servers of watched owners from
 * the store ({@code mcp.oauth.sync-interval}, for nodes sharing a database). The scheduler's one
 * thread only hands store work over to the blocking threads, and a sync slower than its interval is
 * not queued twice, so a slow database never holds the timers of every deadline.
 */
final class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final McpOAuthConfig config;
    private final McpStore store;
    private final Clock clock;
    private final Executor blocking;
    private final Collection<McpClientManager> managers;
    private final OwnerWatches watches;
    private final Function<String, McpClientManager> manager;
    private final AtomicBoolean syncing = new AtomicBoolean();

    Housekeeping(McpOAuthConfig config, McpStore store, Clock clock, Executor blocking,
            Collection<McpClientManager> managers, OwnerWatches watches, Function<String, McpClientManager> manager) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.blocking = blocking;
        this.managers = managers;
        this.watches = watches;
        this.manager = manager;
    }

    /** Schedules the three tasks; they end when {@code scheduler} is shut down. */
    void start(ScheduledExecutorService scheduler) {
        long idle = config.idleTimeout().toNanos();
        if (idle > 0) {
            long period = Math.max(1_000, Math.min(config.idleTimeout().toMillis() / 2, 60_000));
            scheduler.scheduleWithFixedDelay(() -> managers.forEach(m -> m.closeIdle(System.nanoTime(), idle)),
                    period, period, TimeUnit.MILLISECONDS);
        }
        scheduler.scheduleWithFixedDelay(() -> onBlocking(this::purgeExpired), 1, 1, TimeUnit.MINUTES);
        long sync = config.syncInterval().toMillis();
        if (sync > 0) {
            scheduler.scheduleWithFixedDelay(() -> {
                if (syncing.compareAndSet(false, true)) {
                    onBlocking(() -> {
                        try {
                            syncWatched();
                        } finally {
                            syncing.set(false);
                        }
                    });
                }
            }, sync, sync, TimeUnit.MILLISECONDS);
        }
    }

    private void onBlocking(Runnable task) {
        try {
            blocking.execute(task);
        } catch (RejectedExecutionException closed) {
            syncing.set(false); // the service is closing
        }
    }

    private void syncWatched() {
        for (String owner : watches.owners()) {
            try {
                manager.apply(owner).syncWithStore();
            } catch (RuntimeException e) {
                log.debug("Could not re-read the servers of an owner from the store: {}", e.toString());
            }
        }
    }

    private void purgeExpired() {
        try {
            store.pendingAuthorizations().purgeExpired(clock.instant());
        } catch (RuntimeException e) {
            // an unavailable store has logged its outage; a minute's purge need not repeat it
            if (Failures.isUnavailable(e)) {
                log.debug("Could not purge expired authorizations: {}", e.toString());
            } else {
                log.warn("Could not purge expired authorizations: {}", e.toString());
            }
        }
    }
}
