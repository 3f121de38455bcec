package io.github.mcpoauth.client;

import io.github.mcpoauth.config.HttpLimits;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.internal.Deadlines;
import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.oauth.AuthorizationOutcome;
import io.github.mcpoauth.internal.oauth.McpAuthorizationManager;
import io.github.mcpoauth.internal.oauth.UrlGuard;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.StoredServer;
import io.modelcontextprotocol.json.McpJsonDefaults;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlet-free runtime: one {@link McpClientManager} per owner, sharing one HTTP client, one
 * small scheduler and one authorization manager. Completes OAuth callbacks, restores stored servers
 * without blocking, and closes idle sessions.
 */
public final class McpClientService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(McpClientService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(6);

    private final McpOAuthConfig config;
    private final McpStore store;
    private final McpAuthorizationManager auth;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ModuleThreads schedulerThreads;
    private final Deadlines deadlines;
    private final OwnedHttpClient ownedHttp;
    private final ConnectionContext ctx;
    private final Map<String, McpClientManager> managers = new ConcurrentHashMap<>();
    private final List<ServerStateListener> listeners = new CopyOnWriteArrayList<>();
    private final OwnerWatches watches = new OwnerWatches();

    private McpClientService(Builder b) {
        this.config = Objects.requireNonNull(b.config, "config");
        this.store = Objects.requireNonNull(b.store, "store");
        Clock clock = b.clock == null ? Clock.systemUTC() : b.clock;
        this.ownedHttp = b.httpClient == null ? OwnedHttpClient.create(config.connectTimeout()) : null;
        HttpClient http = b.httpClient != null ? b.httpClient : ownedHttp;
        this.schedulerThreads = new ModuleThreads("mcp-oauth-scheduler-");
        this.scheduler = new ScheduledThreadPoolExecutor(1, schedulerThreads);
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.deadlines = new Deadlines(scheduler);
        Executor workers = http.executor().orElse(scheduler);
        HttpLimits limits = config.httpLimits();
        RequestGate gate = new RequestGate(limits.maxConcurrentRequests(), limits.maxConcurrentRequestsPerOwner(),
                limits.requestQueueTimeout(), scheduler);
        // OAuth and metadata exchanges count toward the total only: discovery answers are shared by owners
        this.auth = McpAuthorizationManager.builder().config(config).store(store)
                .httpClient(new CheckedHttpClient(http, gate, null, limits.maxResponseSize(), false)).clock(clock)
                .executor(workers).scheduler(scheduler).build();
        TransportFactory transports = new TransportFactory(http, gate, limits.maxResponseSize(), auth, config.connectTimeout());
        this.ctx = new ConnectionContext(config, store, auth, new UrlGuard(config.allowPrivateNetwork()), transports,
                new AuthChallenges(transports, auth, config.requestTimeout()),
                new OfferingLister(McpJsonDefaults.getMapper()), scheduler, workers, clock, this::changed);
        scheduleHousekeeping();
    }

    public static Builder builder() {
        return new Builder();
    }

    public McpOAuthConfig config() {
        return config;
    }

    /** Timeouts on this service's scheduler, for callers that must not use the JDK's delay thread. */
    public Deadlines deadlines() {
        return deadlines;
    }

    /** The owner's manager; an owner seen for the first time gets its stored servers back. */
    public McpClientManager manager(String owner) {
        Objects.requireNonNull(owner, "owner");
        return managers.computeIfAbsent(owner, o -> {
            McpClientManager m = new McpClientManager(o, ctx);
            m.restore(store.servers().list(o));
            return m;
        });
    }

    /**
     * Completes an authorization from the OAuth redirect's query parameters. Refused, changing
     * nothing, unless the state is live and was issued to {@code owner}. The returned future
     * completes when the server has settled (ready, authenticating again, or failed).
     */
    public CompletableFuture<AddServerResult> completeAuthorization(String owner, Map<String, String> params) {
        return auth.completeAuthorization(owner, params).thenCompose(outcome -> {
            if (outcome instanceof AuthorizationOutcome.Ended ended) {
                manager(ended.owner()).authorizationFailed(ended.serverId(), Failures.describe(ended.error()));
                return CompletableFuture.failedFuture(ended.error());
            }
            return manager(outcome.owner()).authorized(outcome.serverId());
        });
    }

    /**
     * Restores every stored server in the background; returns at once. A store still waiting for its
     * database runs this when the database opens; owners seen before that load their own servers on
     * their first request that the store answers (a failed load is not kept).
     */
    public void restore() {
        store.whenAvailable(() -> {
            try {
                scheduler.execute(this::restoreAll);
            } catch (RejectedExecutionException e) {
                log.debug("Not restoring stored MCP servers: the service is closed");
            }
        });
    }

    private void restoreAll() {
        try {
            Map<String, List<StoredServer>> byOwner = store.servers().listAll().stream()
                    .collect(Collectors.groupingBy(StoredServer::owner));
            byOwner.forEach((owner, servers) -> manager(owner));
            log.info("Restored {} MCP servers of {} owners", byOwner.values().stream().mapToInt(List::size).sum(),
                    byOwner.size());
        } catch (RuntimeException e) {
            log.error("Could not restore stored MCP servers", e);
        }
    }

    /** Tells {@code listener} of every change to any owner's servers. */
    public Subscription onServerStateChanged(ServerStateListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** How many MCP sessions are open now, across all owners. */
    public int openSessions() {
        return managers.values().stream().mapToInt(McpClientManager::openSessions).sum();
    }

    private void changed(ServerKey key) {
        McpClientManager manager = managers.get(key.owner());
        if (manager != null) {
            manager.fire(key.serverId());
        }
        for (ServerStateListener listener : listeners) {
            try {
                listener.serverStateChanged(key.owner(), key.serverId());
            } catch (RuntimeException e) {
                log.warn("A server state listener failed", e);
            }
        }
    }

    private void scheduleHousekeeping() {
        long idle = config.idleTimeout().toNanos();
        if (idle > 0) {
            long period = Math.max(1_000, Math.min(config.idleTimeout().toMillis() / 2, 60_000));
            scheduler.scheduleWithFixedDelay(() -> managers.values().forEach(m -> m.closeIdle(System.nanoTime(), idle)),
                    period, period, TimeUnit.MILLISECONDS);
        }
        scheduler.scheduleWithFixedDelay(this::purgeExpired, 1, 1, TimeUnit.MINUTES);
        long sync = config.syncInterval().toMillis();
        if (sync > 0) {
            scheduler.scheduleWithFixedDelay(this::syncWatched, sync, sync, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Keeps {@code owner}'s view in step with the store (every {@code mcp.oauth.sync-interval}) until
     * the subscription is closed: what a live view of that owner, such as a WebSocket, needs when
     * other nodes share the database. Watches are counted; the cost is one store read per watched owner.
     */
    public Subscription watch(String owner) {
        return watches.watch(owner);
    }

    private void syncWatched() {
        for (String owner : watches.owners()) {
            try {
                manager(owner).syncWithStore();
            } catch (RuntimeException e) {
                log.debug("Could not re-read the servers of an owner from the store: {}", e.toString());
            }
        }
    }

    private void purgeExpired() {
        try {
            store.pendingAuthorizations().purgeExpired(ctx.clock().instant());
        } catch (RuntimeException e) {
            // an unavailable store has logged its outage; a minute's purge need not repeat it
            if (Failures.isUnavailable(e)) {
                log.debug("Could not purge expired authorizations: {}", e.toString());
            } else {
                log.warn("Could not purge expired authorizations: {}", e.toString());
            }
        }
    }

    /**
     * Closes every session and waits (at most {@link #CLOSE_TIMEOUT}) for them to end: closing a
     * session sends its DELETE, which still reads a token, so the store must outlive this call.
     * Then ends every thread the service started: its scheduler, and, unless the HTTP client was
     * given to the builder, the client's executor and selector (each within a bounded wait).
     */
    @Override
    public void close() {
        CompletableFuture<?>[] closing = managers.values().stream().map(McpClientManager::close)
                .toArray(CompletableFuture<?>[]::new);
        managers.clear();
        try {
            CompletableFuture.allOf(closing).get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.debug("Sessions still closing after {}: {}", CLOSE_TIMEOUT, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            schedulerThreads.shutdown(scheduler, Duration.ofSeconds(2));
            if (ownedHttp != null) {
                ownedHttp.close();
            }
        }
    }

    /** Builds a {@link McpClientService}; config and store are required. */
    public static final class Builder {
        private McpOAuthConfig config;
        private McpStore store;
        private Clock clock;
        private HttpClient httpClient;

        private Builder() {
        }

        public Builder config(McpOAuthConfig value) {
            this.config = value;
            return this;
        }

        public Builder store(McpStore value) {
            this.store = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /**
         * An HTTP client to share, which must not follow redirects; the caller keeps it and closes
         * it. By default the service builds one from the config and closes it with itself.
         */
        public Builder httpClient(HttpClient value) {
            this.httpClient = value;
            return this;
        }

        public McpClientService build() {
            return new McpClientService(this);
        }
    }
}
