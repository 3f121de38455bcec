package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.config.RetryPolicy;
import io.github.mcpoauth.oauth.AuthorizationTarget;
import io.github.mcpoauth.oauth.BearerChallenge;
import io.github.mcpoauth.oauth.PreRegisteredClient;
import io.github.mcpoauth.store.StoredServer;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpTransportSessionClosedException;
import io.modelcontextprotocol.spec.McpTransportSessionNotFoundException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;

/**
 * One owner's connection to one MCP server and its state machine: authenticating, connecting,
 * connected, discovering, ready, failed. Retries with backoff and jitter; on a 401/403 challenge it
 * starts an authorization (MCP 2025-11-25 "Authorization"; step-up on insufficient_scope, at most
 * {@value #MAX_AUTH_ATTEMPTS} in a row); it closes its session when idle and reopens it on use.
 */
final class ServerConnection {

    static final int MAX_AUTH_ATTEMPTS = 3;

    private final ConnectionContext ctx;
    private final StoredServer server;
    private final ServerKey key;
    private final ServerEndpoint endpoint;
    private final RetryPolicy retry;
    private final Connector connector;
    private final AtomicReference<ServerSnapshot> snapshot;
    private final Object lock = new Object();
    private Connector.Session session;
    private CompletableFuture<ServerSnapshot> inFlight;
    private int authAttempts;
    private boolean closed;
    private volatile long lastUsedNanos = System.nanoTime();

    ServerConnection(ConnectionContext ctx, StoredServer server, RetryPolicy retry, ConnectionState initial,
            String authUrl) {
        this.ctx = ctx;
        this.server = server;
        this.key = new ServerKey(server.owner(), server.id());
        this.endpoint = ServerEndpoint.parse(server.url());
        this.retry = retry;
        this.connector = new Connector(ctx, key, endpoint, server.headers());
        ServerSnapshot first = ServerSnapshot.initial(initial);
        this.snapshot = new AtomicReference<>(authUrl == null ? first : first.authenticating(authUrl));
    }

    StoredServer server() {
        return server;
    }

    ServerSnapshot snapshot() {
        return snapshot.get();
    }

    /** Starts a connection, or joins the one in progress; completes with the settled state. */
    CompletableFuture<ServerSnapshot> connect() {
        CompletableFuture<ServerSnapshot> done;
        Connector.Session old;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.completedFuture(snapshot.get());
            }
            if (inFlight != null && !inFlight.isDone()) {
                return inFlight;
            }
            done = new CompletableFuture<>();
            inFlight = done;
            old = session;
            session = null;
        }
        closeSession(old);
        update(s -> s.withState(ConnectionState.CONNECTING));
        attempt(1, done);
        return done;
    }

    /** A user asked to start over: forget earlier authorization attempts. */
    CompletableFuture<ServerSnapshot> reconnect() {
        synchronized (lock) {
            authAttempts = 0;
        }
        return connect();
    }

    private void attempt(int n, CompletableFuture<ServerSnapshot> done) {
        connector.open(TransportType.fromWireName(server.transport()), this::offeringsChanged)
                .flatMap(this::discover)
                .timeout(ctx.config().discoveryTimeout())
                .subscribe(ready -> done.complete(snapshot.get()), error -> connectFailed(n, error, done));
    }

    private Mono<Connector.Session> discover(Connector.Session opened) {
        McpAsyncClient client = opened.client();
        Map<String, Object> capabilities = ctx.discovery().tag(java.util.List.of(client.getServerCapabilities()),
                key.serverId()).get(0);
        capabilities.remove("serverId");
        update(s -> s.initialized(client.getServerInstructions(), capabilities));
        update(s -> s.withState(ConnectionState.DISCOVERING));
        return ctx.discovery().discover(client, key.serverId())
                .doOnError(e -> Connector.closeQuietly(client))
                .map(offerings -> {
                    boolean keep;
                    synchronized (lock) {
                        keep = !closed;
                        if (keep) {
                            session = opened;
                            authAttempts = 0;
                        }
                    }
                    if (!keep) {
                        Connector.closeQuietly(client);
                    }
                    touch();
                    update(s -> s.withOfferings(offerings).withState(ConnectionState.READY));
                    return opened;
                });
    }

    private void connectFailed(int n, Throwable error, CompletableFuture<ServerSnapshot> done) {
        Throwable t = Failures.unwrap(error);
        Optional<BearerChallenge> challenge = t instanceof Connector.AuthorizationNeeded needed
                ? Optional.of(needed.challenge()) : AuthChallenges.fromError(t);
        if (challenge.isPresent()) {
            authorize(challenge.get()).whenComplete((s, e) -> done.complete(snapshot.get()));
        } else if (isClosed() || n >= retry.maxAttempts() || isPermanent(t)) {
            update(s -> s.failed(Failures.describe(t)));
            done.complete(snapshot.get());
        } else {
            ctx.scheduler().schedule(() -> attempt(n + 1, done), retry.backoff(n + 1).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private static boolean isPermanent(Throwable t) {
        return t instanceof McpOAuthException e && e.code() == Code.INVALID_REQUEST;
    }

    /** Sends the user to authorize, unless {@value #MAX_AUTH_ATTEMPTS} attempts in a row did not help. */
    private CompletableFuture<ServerSnapshot> authorize(BearerChallenge challenge) {
        int attempt;
        Connector.Session old;
        synchronized (lock) {
            attempt = ++authAttempts;
            old = session;
            session = null;
        }
        closeSession(old);
        if (attempt > MAX_AUTH_ATTEMPTS) {
            update(s -> s.failed("Authorization did not grant access after " + MAX_AUTH_ATTEMPTS + " attempts"
                    + (challenge.error() == null ? "" : " (" + challenge.error() + ")")));
            return CompletableFuture.completedFuture(snapshot.get());
        }
        Optional<URI> redirect = Optional.ofNullable(server.callbackUrl()).map(URI::create)
                .or(() -> ctx.config().callbackUrl());
        if (redirect.isEmpty()) {
            update(s -> s.failed("No OAuth redirect URI: set mcp.oauth.callback-url"));
            return CompletableFuture.completedFuture(snapshot.get());
        }
        Optional<PreRegisteredClient> client = Optional.ofNullable(server.clientId())
                .map(id -> new PreRegisteredClient(id, server.clientSecret(), null));
        AuthorizationTarget target = new AuthorizationTarget(key.owner(), key.serverId(), endpoint.url(),
                redirect.get(), client);
        return ctx.auth().beginAuthorization(target, challenge, attempt).handle((pending, error) -> {
            if (error != null) {
                update(s -> s.failed(Failures.describe(error)));
            } else {
                update(s -> s.authenticating(pending.authUrl()));
            }
            return snapshot.get();
        });
    }

    /** The user came back from the authorization server without a usable grant. */
    void authorizationFailed(String message) {
        update(s -> s.state() == ConnectionState.AUTHENTICATING ? s.failed(message) : s);
    }

    /** Runs an MCP request on a ready session, connecting first if the session was closed while idle. */
    <T> CompletableFuture<T> use(Function<McpAsyncClient, Mono<T>> request) {
        touch();
        return readySession().thenCompose(s -> run(s, request, true));
    }

    private CompletableFuture<Connector.Session> readySession() {
        ServerSnapshot current = snapshot.get();
        Connector.Session open;
        synchronized (lock) {
            open = session;
        }
        if (current.state() == ConnectionState.READY && open != null) {
            return CompletableFuture.completedFuture(open);
        }
        if (current.state() == ConnectionState.AUTHENTICATING || current.state() == ConnectionState.FAILED) {
            return CompletableFuture.failedFuture(notUsable(current));
        }
        return connect().thenCompose(settled -> {
            Connector.Session now;
            synchronized (lock) {
                now = session;
            }
            return settled.state() == ConnectionState.READY && now != null
                    ? CompletableFuture.completedFuture(now)
                    : CompletableFuture.failedFuture(notUsable(settled));
        });
    }

    private McpOAuthException notUsable(ServerSnapshot s) {
        if (s.state() == ConnectionState.AUTHENTICATING) {
            return McpOAuthException.authorizationRequired(key.serverId(), s.authUrl());
        }
        return new McpOAuthException(Code.CONFLICT, "Server " + server.name() + " is " + s.state().wireName()
                + (s.error() == null ? "" : ": " + s.error()));
    }

    private <T> CompletableFuture<T> run(Connector.Session s, Function<McpAsyncClient, Mono<T>> request,
            boolean mayRetry) {
        return request.apply(s.client()).timeout(ctx.config().requestTimeout()).toFuture()
                .handle((value, error) -> error == null
                        ? CompletableFuture.completedFuture(value)
                        : this.<T>requestFailed(s, Failures.unwrap(error), request, mayRetry))
                .thenCompose(Function.identity());
    }

    private <T> CompletableFuture<T> requestFailed(Connector.Session s, Throwable error,
            Function<McpAsyncClient, Mono<T>> request, boolean mayRetry) {
        return challengeOf(s, error).thenCompose(challenge -> {
            if (challenge.isPresent()) {
                return authorize(challenge.get())
                        .thenCompose(settled -> CompletableFuture.<T>failedFuture(notUsable(settled)));
            }
            if (mayRetry && (error instanceof McpTransportSessionNotFoundException
                    || error instanceof McpTransportSessionClosedException)) {
                synchronized (lock) {
                    if (session == s) {
                        session = null;
                    }
                }
                return readySession().thenCompose(next -> run(next, request, false));
            }
            return CompletableFuture.<T>failedFuture(Failures.toException(error));
        });
    }

    /** The OAuth challenge behind a failed request; over SSE found by probing the endpoint. */
    private CompletableFuture<Optional<BearerChallenge>> challengeOf(Connector.Session s, Throwable error) {
        Optional<BearerChallenge> typed = AuthChallenges.fromError(error);
        if (typed.isPresent() || s.transport() != TransportType.SSE || Failures.isTimeout(error)) {
            return CompletableFuture.completedFuture(typed);
        }
        return connector.probed(error)
                .map(ignored -> Optional.<BearerChallenge>empty())
                .onErrorResume(Connector.AuthorizationNeeded.class, n -> Mono.just(Optional.of(n.challenge())))
                .onErrorReturn(Optional.empty())
                .defaultIfEmpty(Optional.empty())
                .toFuture();
    }

    void offeringsChanged(McpAsyncClient source, UnaryOperator<Offerings> change) {
        synchronized (lock) {
            if (session == null || session.client() != source) {
                return;
            }
        }
        update(s -> s.withOfferings(change.apply(s.offerings())));
    }

    /** Closes the session if unused for {@code idleNanos}; the next use reopens it. */
    void closeIfIdle(long nowNanos, long idleNanos) {
        Connector.Session idle = null;
        synchronized (lock) {
            if (session != null && (inFlight == null || inFlight.isDone()) && nowNanos - lastUsedNanos > idleNanos) {
                idle = session;
                session = null;
            }
        }
        closeSession(idle);
    }

    boolean hasOpenSession() {
        synchronized (lock) {
            return session != null;
        }
    }

    void close() {
        Connector.Session old;
        synchronized (lock) {
            closed = true;
            old = session;
            session = null;
        }
        closeSession(old);
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private void touch() {
        lastUsedNanos = System.nanoTime();
    }

    private static void closeSession(Connector.Session s) {
        if (s != null) {
            Connector.closeQuietly(s.client());
        }
    }

    private void update(UnaryOperator<ServerSnapshot> change) {
        ServerSnapshot before;
        ServerSnapshot after;
        do {
            before = snapshot.get();
            after = change.apply(before);
        } while (!snapshot.compareAndSet(before, after));
        if (!after.equals(before) && !isClosed()) {
            ctx.changed().accept(key);
        }
    }
}
