package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.config.HttpLimits;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.internal.Deadlines;
import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.oauth.AuthorizationOutcome;
import io.github.mcpoauth.internal.oauth.McpAuthorizationManager;
import io.github.mcpoauth.internal.oauth.UrlGuard;
import io.github.mcpoauth.internal.telemetry.ErrorTypes;
import io.github.mcpoauth.internal.telemetry.McpEvents;
import io.github.mcpoauth.internal.telemetry.Telemetry;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.ServerStore;
import io.modelcontextprotocol.json.McpJsonDefaults;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlet-free runtime: one {@link McpClientManager} per owner, sharing one HTTP client, one
 * authorization manager and a fixed set of threads, however many owners and servers there are:
 * {@code mcp-oauth-scheduler} (timeouts, backoffs, housekeeping), {@code mcp-oauth-http-N} (the HTTP
 * client's, {@code mcp.oauth.http-threads}) and {@code mcp-oauth-blocking-N} (store access and DNS,
 * {@code mcp.oauth.blocking-threads}). Nothing connects at start-up: an owner's stored servers are
 * read and connected when that owner is first seen, at most {@code mcp.oauth.max-concurrent-connects}
 * attempts at a time. Completes OAuth callbacks and closes idle sessions.
 */
public final class McpClientService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(McpClientService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(6);
    /** How long {@link #health()} waits for the store to answer its check. */
    public static final Duration STORE_CHECK_TIMEOUT = Duration.ofSeconds(2);

    private final McpOAuthConfig config;
    private final McpStore store;
    private final McpAuthorizationManager auth;
    private final ServiceRuntime runtime;
    private final ConnectionContext ctx;
    private final Map<String, McpClientManager> managers = new ConcurrentHashMap<>();
    private final List<ServerStateListener> listeners = new CopyOnWriteArrayList<>();
    private final OwnerWatches watches = new OwnerWatches();
    private final McpEvents events = new McpEvents();
    private final HealthSummary health;

    private McpClientService(Builder b) {
        this.config = Objects.requireNonNull(b.config, "config");
        this.store = Objects.requireNonNull(b.store, "store");
        Clock clock = b.clock == null ? Clock.systemUTC() : b.clock;
        UrlGuard guard = new UrlGuard(config.allowPrivateNetwork(), config.allowLoopback(),
                b.resolver == null ? UrlGuard.SYSTEM : b.resolver);
        this.runtime = new ServiceRuntime(config, guard, b.httpClient);
        HttpClient http = runtime.http();
        ScheduledThreadPoolExecutor scheduler = runtime.scheduler();
        Deadlines deadlines = runtime.deadlines();
        Permits requests = runtime.requests();
        Telemetry telemetry = Telemetry.create(config.tracing());
        // blocking work (store access) runs in the context it was handed over in
        Executor onBlocking = telemetry.propagating(runtime::onBlockingThread);
        HttpLimits limits = config.httpLimits();
        // OAuth and metadata exchanges count toward the total only: discovery answers are shared by owners
        McpAuthorizationManager.Builder authBuilder = McpAuthorizationManager.builder().config(config).store(store)
                .httpClient(new CheckedHttpClient(http, requests, null, limits.maxResponseSize(), false)).urlGuard(guard).clock(clock)
                .executor(onBlocking).scheduler(scheduler).telemetry(telemetry)
                .idTokens(b.idTokenSupplier == null ? null : b.idTokenSupplier::idToken);
        b.workloadTokenSuppliers.forEach(authBuilder::workloadTokenSupplier);
        this.auth = authBuilder.build();
        TransportFactory transports = new TransportFactory(http, requests, limits.maxResponseSize(), auth,
                config.connectTimeout(), new TokenCache.Source(store, clock, config.refreshSkew(), runtime.blocking()),
                scheduler, RequestDeadline.longest(config));
        this.ctx = new ConnectionContext(config, store, auth, guard, transports,
                new AuthChallenges(transports, auth, config.requestTimeout()),
                new OfferingLister(McpJsonDefaults.getMapper()), scheduler, deadlines,
                onBlocking, runtime.connects(), clock, this::changed,
                new Elicitations(b.elicitationHandler, deadlines, clock, config.elicitationTimeout(),
                        config.maxPendingElicitations(), config.allowLoopback(), this::changed),
                telemetry, events);
        this.health = new HealthSummary(new StoreProbe(store, runtime.blocking(), clock, STORE_CHECK_TIMEOUT),
                managers.values(), auth::refreshFailures, runtime.connects(), clock);
        new Housekeeping(config, store, clock, runtime.blocking(), managers.values(), watches, this::manager).start(scheduler);
    }

    public static Builder builder() {
        return new Builder();
    }

    public McpOAuthConfig config() {
        return config;
    }

    /** Timeouts on this service's scheduler, for callers that must not use the JDK's delay thread. */
    public Deadlines deadlines() {
        return runtime.deadlines();
    }

    /**
     * The owner's manager. An owner seen for the first time gets their stored servers back (read on
     * the service's blocking threads, then connected in turn); this waits for that read at most the
     * request timeout, and fails with {@code UNAVAILABLE} when the store cannot answer (the next call
     * tries again).
     */
    public McpClientManager manager(String owner) {
        McpClientManager manager = unloaded(owner);
        CompletableFuture<Void> load = manager.load(runtime::onBlockingThread);
        if (!load.isDone() || load.isCompletedExceptionally()) {
            Waits.await(load, config.requestTimeout(), () -> {
                throw new McpOAuthException(McpOAuthException.Code.UNAVAILABLE,
                        "The store did not answer within " + config.requestTimeout().toSeconds() + "s");
            });
        }
        return manager;
    }

    /** As {@link #manager(String)}, without waiting. */
    CompletableFuture<McpClientManager> managerAsync(String owner) {
        McpClientManager manager = unloaded(owner);
        return manager.load(runtime::onBlockingThread).thenApply(loaded -> manager);
    }

    private McpClientManager unloaded(String owner) {
        Objects.requireNonNull(owner, "owner");
        McpClientManager known = managers.get(owner);
        return known != null ? known : managers.computeIfAbsent(owner, o -> new McpClientManager(o, ctx));
    }

    /**
     * Completes an authorization from the OAuth redirect's query parameters. Refused, changing
     * nothing, unless the state is live and was issued to {@code owner}. The returned future
     * completes when the server has settled (ready, authenticating again, or failed).
     */
    public CompletableFuture<AddServerResult> completeAuthorization(String owner, Map<String, String> params) {
        Trace parent = ctx.telemetry().current(); // the callback request's span, if the app traces it
        return auth.completeAuthorization(owner, params).thenCompose(outcome -> {
            events.authorize(outcome.owner(), outcome.serverId(),
                    outcome instanceof AuthorizationOutcome.Ended ? "failed" : "completed", 0,
                    outcome instanceof AuthorizationOutcome.Ended ended ? ErrorTypes.of(ended.error()) : null);
            if (outcome instanceof AuthorizationOutcome.Ended ended) {
                return managerAsync(ended.owner()).thenCompose(m -> {
                    m.authorizationFailed(ended.serverId(), Failures.describe(ended.error()));
                    return CompletableFuture.<AddServerResult>failedFuture(ended.error());
                });
            }
            return managerAsync(outcome.owner()).thenCompose(m -> m.authorized(outcome.serverId(), parent));
        });
    }

    /**
     * Connects nothing: an owner's stored servers connect when that owner is first seen (see
     * {@link #manager(String)}). Once the store is available, counts the stored servers in the
     * background and logs one line saying so; returns at once.
     */
    public void restore() {
        store.whenAvailable(() -> {
            try {
                runtime.blocking().execute(this::countStored);
            } catch (RejectedExecutionException e) {
                log.debug("Not counting stored MCP servers: the service is closed");
            }
        });
    }

    private void countStored() {
        try {
            ServerStore.Totals stored = store.servers().totals();
            log.info("{} stored MCP servers of {} owners; they connect when their owner is first seen",
                    stored.servers(), stored.owners());
        } catch (RuntimeException e) {
            log.warn("Could not count the stored MCP servers: {}", e.toString());
            log.debug("Counting the stored MCP servers failed", e);
        }
    }

    /** Tells {@code listener} of every change to any owner's servers. */
    public Subscription onServerStateChanged(ServerStateListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The most threads each of the service's pools had at once (the HTTP one 0 when the client was given). */
    record PoolPeaks(int http, int blocking, int scheduler) {
    }

    PoolPeaks poolPeaks() {
        return runtime.peaks();
    }

    /**
     * A summary for operators: store reachable, servers per state, refresh failures, connection
     * attempts running and queued. Counts and times only, never an owner, URL or token. Costs one
     * trivial store query (shared with concurrent callers, reused for a second) and a walk over the
     * servers in memory; waits at most {@link #STORE_CHECK_TIMEOUT} for the store.
     */
    public McpHealth health() {
        return health.take();
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

    /**
     * Keeps {@code owner}'s view in step with the store (every {@code mcp.oauth.sync-interval}) until
     * the subscription is closed: what a live view of that owner, such as a WebSocket, needs when
     * other nodes share the database. Watches are counted; the cost is one store read per watched owner.
     */
    public Subscription watch(String owner) {
        return watches.watch(owner);
    }

    /**
     * Closes every session and waits (at most {@link #CLOSE_TIMEOUT}) for them to end: closing a
     * session sends its DELETE, which still reads a token, so the store must outlive this call.
     * Then ends every thread the service started: its scheduler, its blocking threads, and, unless the
     * HTTP client was given to the builder, the client's executor and selector (each within a bounded wait).
     */
    @Override
    public void close() {
        runtime.connects().close();
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
            runtime.close(); // after the sessions, whose DELETEs need request slots
        }
    }

    /** Builds a {@link McpClientService}; config and store are required. */
    public static final class Builder {
        private McpOAuthConfig config;
        private McpStore store;
        private Clock clock;
        private HttpClient httpClient;
        private UrlGuard.Resolver resolver;
        private ElicitationHandler elicitationHandler;
        private IdTokenSupplier idTokenSupplier;
        private final Map<String, Supplier<String>> workloadTokenSuppliers = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Where an owner's ID token comes from for enterprise-managed authorization (used only when
         * {@code mcp.oauth.enterprise-idp-issuer} is set); without one, no owner has an ID token.
         */
        public Builder idTokenSupplier(IdTokenSupplier value) {
            this.idTokenSupplier = value;
            return this;
        }

        /**
         * The workload identity assertion (a JWT, RFC 7523 section 2.1) for the application's own
         * servers ({@code mcp.oauth.app-owners}) at the authorization server with exactly this
         * issuer, asked for afresh at every grant; it takes precedence over a file for that issuer
         * in {@code mcp.oauth.workload-tokens}. It runs on the service's blocking threads.
         */
        public Builder workloadTokenSupplier(String issuer, Supplier<String> supplier) {
            workloadTokenSuppliers.put(Objects.requireNonNull(issuer, "issuer"), Objects.requireNonNull(supplier, "supplier"));
            return this;
        }

        /**
         * Answers servers' elicitation requests in application code; by default they wait in their
         * owner's state ({@link McpServersState#elicitations()}) for the browser to answer.
         */
        public Builder elicitationHandler(ElicitationHandler value) {
            this.elicitationHandler = value;
            return this;
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
         * it. By default the service builds one from the config and closes it with itself. A given
         * client connects as it was built: the service checks each URL before it is fetched, but
         * cannot pin the client's connections to the checked addresses (see README, "Security").
         */
        public Builder httpClient(HttpClient value) {
            this.httpClient = value;
            return this;
        }

        /** How host names are resolved, for the guard and the tunnel alike (tests simulate DNS with it). */
        Builder resolver(UrlGuard.Resolver value) {
            this.resolver = value;
            return this;
        }

        public McpClientService build() {
            return new McpClientService(this);
        }
    }
}
