package io.github.mcpoauth.client;

import io.github.mcpoauth.config.HttpLimits;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.internal.Deadlines;
import io.github.mcpoauth.internal.ModuleThreads;
import io.github.mcpoauth.internal.http.ConnectTunnel;
import io.github.mcpoauth.internal.http.OwnedHttpClient;
import io.github.mcpoauth.internal.oauth.UrlGuard;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The threads, HTTP client and limits one {@link McpClientService} owns, the same few however many
 * owners and servers there are: {@code mcp-oauth-scheduler} (timeouts, backoffs, housekeeping),
 * {@code mcp-oauth-http-N} (the HTTP client's, {@code mcp.oauth.http-threads}) and
 * {@code mcp-oauth-blocking-N} (store access and DNS, {@code mcp.oauth.blocking-threads}); the
 * connection-attempt cap and the outbound request cap. Nothing here uses the common pool, and
 * {@link #close()} ends every thread it started, within a bounded wait each.
 */
final class ServiceRuntime implements AutoCloseable {

    private static final Duration POOL_CLOSE_WAIT = Duration.ofSeconds(2);

    private final ModuleThreads blockingThreads = new ModuleThreads("mcp-oauth-blocking-");
    private final ThreadPoolExecutor blocking;
    private final ModuleThreads schedulerThreads = new ModuleThreads("mcp-oauth-scheduler-");
    private final ScheduledThreadPoolExecutor scheduler;
    private final Deadlines deadlines;
    /** The client the service built and closes; null when one was given to it. */
    private final OwnedHttpClient ownedHttp;
    private final HttpClient http;
    private final Permits connects;
    private final Permits requests;

    /** @param given an HTTP client the caller keeps and closes; null: one of the runtime's own, pinned by {@code guard} */
    ServiceRuntime(McpOAuthConfig config, UrlGuard guard, HttpClient given) {
        this.blocking = blockingThreads.pool(config.blockingThreads());
        // the guard's checks hold for the connections too: they go to addresses the tunnel checked
        this.ownedHttp = given == null ? OwnedHttpClient.create(config.connectTimeout(), config.httpThreads(),
                guard.checksAddresses() ? ConnectTunnel.open(guard, blocking, config.connectTimeout(),
                        ConnectTunnel.RELAY_IDLE_TIMEOUT, ConnectTunnel.MAX_TUNNELS) : null)
                : null;
        this.http = given != null ? given : ownedHttp;
        this.scheduler = new ScheduledThreadPoolExecutor(1, schedulerThreads);
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.deadlines = new Deadlines(scheduler);
        this.connects = Permits.forConnects(config.maxConcurrentConnects(), http.executor().orElse(blocking));
        HttpLimits limits = config.httpLimits();
        this.requests = Permits.forRequests(limits.maxConcurrentRequests(), limits.maxConcurrentRequestsPerOwner(),
                limits.requestQueueTimeout(), scheduler);
    }

    /**
     * Blocking work (store access, DNS look-ups) runs on the blocking threads, or right here when
     * already on one: a hand-off from one blocking thread to another only adds a wake-up to the
     * path (two per OAuth flow, each a wait for the scheduler on a busy machine), and a wait there
     * for another could starve them.
     */
    void onBlockingThread(Runnable task) {
        if (blockingThreads.ownsCurrentThread()) {
            task.run();
        } else {
            blocking.execute(task);
        }
    }

    ThreadPoolExecutor blocking() {
        return blocking;
    }

    ScheduledThreadPoolExecutor scheduler() {
        return scheduler;
    }

    Deadlines deadlines() {
        return deadlines;
    }

    HttpClient http() {
        return http;
    }

    /** Paces connection attempts ({@code mcp.oauth.max-concurrent-connects}). */
    Permits connects() {
        return connects;
    }

    /** Caps outbound requests, in total and per owner ({@code mcp.oauth.max-concurrent-requests*}). */
    Permits requests() {
        return requests;
    }

    /** The most threads each pool had at once (the HTTP one 0 when the client was given). */
    McpClientService.PoolPeaks peaks() {
        int httpPeak = ownedHttp == null ? 0
                : ownedHttp.executor().map(e -> ((ThreadPoolExecutor) e).getLargestPoolSize()).orElse(0);
        return new McpClientService.PoolPeaks(httpPeak, blocking.getLargestPoolSize(), scheduler.getLargestPoolSize());
    }

    /**
     * Ends the request cap (a waiter left would never hear back), then the scheduler, the blocking
     * threads and the HTTP client the runtime built. Call once the sessions, whose DELETEs need
     * request slots, have closed.
     */
    @Override
    public void close() {
        requests.close();
        schedulerThreads.shutdown(scheduler, POOL_CLOSE_WAIT);
        blockingThreads.shutdown(blocking, POOL_CLOSE_WAIT);
        if (ownedHttp != null) {
            ownedHttp.close();
        }
    }
}
