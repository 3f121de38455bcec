package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.config.RetryPolicy;
import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.oauth.BearerChallenge;
import io.github.mcpoauth.internal.telemetry.ErrorTypes;
import io.github.mcpoauth.internal.telemetry.Spans;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.github.mcpoauth.store.StoredServer;
import io.modelcontextprotocol.client.McpAsyncClient;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One owner's connection to one MCP server and its state machine: authenticating, connecting,
 * connected, discovering, ready, failed. Retries with backoff and jitter; on a 401/403 challenge it
 * starts an authorization ({@link ServerAuthorizer}), and when tokens come without the user
 * (enterprise-managed authorization, the application's own grant), connects again at once; it
 * closes its session when idle and reopens it on use.
 */
final class ServerConnection {

    private static final Logger log = LoggerFactory.getLogger(ServerConnection.class);

    private final ConnectionContext ctx;
    private final StoredServer server;
    private final ServerKey key;
    private final ServerEndpoint endpoint;
    private final RetryPolicy retry;
    private final Connector connector;
    private final AtomicReference<ServerSnapshot> snapshot;
    private final SessionSlot slot = new SessionSlot();
    private final RequestDeadline deadline;
    private final RequestRunner requests;
    private final ServerAuthorizer authorizer;
    private volatile long lastUsedNanos = System.nanoTime();

    ServerConnection(ConnectionContext ctx, StoredServer server, RetryPolicy retry, ConnectionState initial,
            String authUrl) {
        this.ctx = ctx;
        this.server = server;
        this.key = new ServerKey(server.owner(), server.id());
        this.endpoint = ServerEndpoint.parse(server.url());
        this.retry = retry;
        this.deadline = new RequestDeadline(ctx.scheduler(), ctx.config().requestTimeout(),
                () -> ctx.elicitations().settled(key));
        this.connector = new Connector(ctx, key, endpoint, server.headers(), deadline);
        ServerSnapshot first = ServerSnapshot.initial(initial);
        this.snapshot = new AtomicReference<>(authUrl == null ? first : first.authenticating(authUrl));
        this.requests = new RequestRunner(this, slot, connector, deadline);
        this.authorizer = new ServerAuthorizer(ctx, server, key, endpoint, slot, this::update, this::closeSession);
    }

    StoredServer server() {
        return server;
    }

    ServerSnapshot snapshot() {
        return snapshot.get();
    }

    /** Starts a connection, or joins the one in progress; completes with the settled state. */
    CompletableFuture<ServerSnapshot> connect() {
        return connect(ctx.telemetry().current());
    }

    /** As {@link #connect()}, each attempt's span a child of {@code parent}. */
    CompletableFuture<ServerSnapshot> connect(Trace parent) {
        SessionSlot.Attempt attempt = slot.beginConnect();
        if (attempt == null) {
            return CompletableFuture.completedFuture(snapshot.get());
        }
        if (attempt.started()) {
            if (snapshot.get().state() == ConnectionState.AUTHENTICATING) {
                slot.authorizationCompleted(); // only a completed authorization connects one waiting for the user
            }
            closeSession(slot.take());
            update(s -> s.withState(ConnectionState.CONNECTING));
            attempt(1, attempt.generation(), attempt.future(), parent);
        }
        return attempt.future();
    }

    /** A user asked to start over: forget earlier authorization attempts. */
    CompletableFuture<ServerSnapshot> reconnect() {
        slot.resetAuthAttempts();
        slot.unpark();
        return connect();
    }

    /**
     * The application closed the connection (the seed's {@code closeConnection}): ends the session
     * (streamable HTTP sends its DELETE) and any attempt in flight, keeps the server, its registration
     * and tokens, and stays {@code not-connected} until {@link #reconnect}. The future completes when
     * the session is closed.
     */
    CompletableFuture<Void> disconnect() {
        SessionSlot.Parked parked = slot.park();
        if (parked == null) {
            return CompletableFuture.completedFuture(null);
        }
        update(s -> s.withState(ConnectionState.NOT_CONNECTED));
        ctx.events().close(key.owner(), key.serverId(), "application");
        if (parked.inFlight() != null) {
            parked.inFlight().complete(snapshot.get());
        }
        return closeSession(parked.session());
    }

    /** An opened session and what it offers, not yet in use. */
    private record Discovered(Connector.Session session, Offerings offerings) {
    }

    /**
     * One attempt, when the global cap gives it a turn: the discovery timeout starts then, not in
     * the queue. The attempt is over when {@code over} completes: with what it found, or failed by
     * its error or by the deadline, which cancels what is still running (see {@link Connector#open}).
     * Only the attempt that completes {@code over} first may put its session in use.
     */
    private void attempt(int n, long generation, CompletableFuture<ServerSnapshot> done, Trace parent) {
        ctx.connects().acquire(null).whenComplete((turn, refused) -> {
            if (refused != null) {
                done.complete(snapshot.get());
                return;
            }
            if (slot.isStale(generation)) {
                turn.release();
                done.complete(snapshot.get());
                return;
            }
            TransportType transport = TransportType.fromWireName(server.transport());
            Trace span = Spans.server(parent.child(Spans.CONNECT, Trace.SpanKind.INTERNAL), endpoint.url())
                    .set(Spans.SERVER_ID, key.serverId()).set(Spans.ATTEMPT, n).set(Spans.TRANSPORT, transport.wireName());
            long started = System.nanoTime();
            CompletableFuture<Discovered> over = new CompletableFuture<>();
            over.whenComplete((found, error) -> {
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                try {
                    if (error == null) {
                        ready(found, generation);
                        ConnectionState settled = snapshot.get().state();
                        span.set(Spans.STATE, settled.wireName());
                        span.end();
                        ctx.events().connect(key.owner(), key.serverId(), transport.wireName(), n,
                                settled == ConnectionState.READY ? "ready" : "abandoned", null, millis);
                        done.complete(snapshot.get());
                    } else {
                        connectFailed(n, generation, error, done, new Traced(parent, span), millis);
                    }
                } finally {
                    span.end(); // a failure above has ended it already, with its error
                    turn.release();
                }
            });
            ctx.deadlines().failAfter(over, ctx.config().discoveryTimeout(), () -> new TimeoutException(
                    "no session within " + ctx.config().discoveryTimeout().toMillis() + " ms"));
            try {
                connector.open(transport, this::offeringsChanged, over, span)
                        .thenCompose(opened -> discover(opened, generation, over, span))
                        .whenComplete((found, error) -> {
                            if (error != null) {
                                over.completeExceptionally(error);
                            } else if (!over.complete(found)) {
                                closeSession(found.session());
                            }
                        });
            } catch (RuntimeException e) {
                // whatever fails, even while building the attempt, ends the turn
                over.completeExceptionally(e);
            }
        });
    }

    private CompletableFuture<Discovered> discover(Connector.Session opened, long generation,
            CompletableFuture<?> over, Trace span) {
        McpAsyncClient client = opened.client();
        if (over.isDone() || slot.isStale(generation)) {
            closeSession(opened);
            return CompletableFuture.failedFuture(new CancellationException("the connection attempt ended"));
        }
        Map<String, Object> capabilities = ctx.discovery().toJson(client.getServerCapabilities());
        update(s -> s.initialized(client.getServerInstructions(), capabilities));
        update(s -> s.withState(ConnectionState.DISCOVERING));
        long started = System.nanoTime();
        return ctx.discovery().discover(client, key.serverId(), over, deadline, span)
                .whenComplete((offerings, error) -> {
                    if (error != null) {
                        closeSession(opened);
                    } else {
                        ctx.events().discover(key.owner(), key.serverId(), offerings.tools().size(),
                                offerings.prompts().size(), offerings.resources().size(),
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    }
                })
                .thenApply(offerings -> new Discovered(opened, offerings));
    }

    private void ready(Discovered found, long generation) {
        if (!slot.install(found.session(), generation)) {
            closeSession(found.session());
            return;
        }
        touch();
        update(s -> s.withOfferings(found.offerings()).withState(ConnectionState.READY));
    }

    /**
     * Ends the attempt's span with what failed, and goes on: an authorization (its span a child of the
     * attempt's), a retry (its span a sibling), or failed.
     */
    private void connectFailed(int n, long generation, Throwable error, CompletableFuture<ServerSnapshot> done,
            Traced traced, long millis) {
        Trace span = traced.attempt();
        Throwable t = Failures.unwrap(error);
        String transport = TransportType.fromWireName(server.transport()).wireName();
        if (slot.isStale(generation)) {
            span.end(t);
            ctx.events().connect(key.owner(), key.serverId(), transport, n, "abandoned", ErrorTypes.of(t), millis);
            done.complete(snapshot.get());
            return;
        }
        Optional<BearerChallenge> challenge = t instanceof Connector.AuthorizationNeeded needed
                ? Optional.of(needed.challenge()) : AuthChallenges.fromError(t);
        if (challenge.isPresent()) {
            span.fail(AUTHORIZATION_REQUIRED);
            ctx.events().connect(key.owner(), key.serverId(), transport, n, AUTHORIZATION_REQUIRED,
                    AUTHORIZATION_REQUIRED, millis);
            authorizer.authorizeOnce(challenge.get(), span).whenComplete((granted, e) -> {
                if (Boolean.TRUE.equals(granted) && !slot.isStale(generation)) {
                    // tokens without the user (the application's own grant, or enterprise-managed): connect with them at once
                    attempt(1, generation, done, traced.parent());
                } else {
                    done.complete(snapshot.get());
                }
            });
        } else if (n >= retry.maxAttempts() || isPermanent(t)) {
            span.end(t);
            String reason = Failures.describe(t);
            update(s -> s.failed(reason));
            ctx.events().connect(key.owner(), key.serverId(), transport, n, "failed", ErrorTypes.of(t), millis);
            // the kind of failure only: what the server said stays out of the log
            log.info("MCP server {} failed after {} connection attempt(s): {}", key.serverId(), n,
                    Failures.kind(t));
            log.debug("Connecting to MCP server {} failed", key.serverId(), t);
            done.complete(snapshot.get());
        } else {
            span.end(t);
            ctx.events().connect(key.owner(), key.serverId(), transport, n, "retrying", ErrorTypes.of(t), millis);
            ctx.scheduler().schedule(() -> attempt(n + 1, generation, done, traced.parent()), retry.backoff(n + 1).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private static final String AUTHORIZATION_REQUIRED = "authorization_required";

    /** An attempt's span and the parent of every attempt of the same connect. */
    private record Traced(Trace parent, Trace attempt) {
    }

    private static boolean isPermanent(Throwable t) {
        return t instanceof McpOAuthException e && e.code() == Code.INVALID_REQUEST;
    }

    /**
     * Authorizes after {@code challenge}: settles ready when tokens came without the user
     * (enterprise-managed authorization) and the session opened with them, else authenticating or failed.
     */
    CompletableFuture<ServerSnapshot> authorize(BearerChallenge challenge, Trace parent) {
        return authorizer.authorizeOnce(challenge, parent).thenCompose(granted -> granted ? connect(parent)
                : CompletableFuture.completedFuture(snapshot.get()));
    }

    /** Another node started a newer authorization, retiring the one shown here: show its {@code authUrl}. */
    void authorizationMoved(String authUrl) {
        update(s -> s.state() == ConnectionState.AUTHENTICATING ? s.authenticating(authUrl) : s);
    }

    /** The user came back from the authorization server without a usable grant. */
    void authorizationFailed(String message) {
        update(s -> s.state() == ConnectionState.AUTHENTICATING ? s.failed(message) : s);
    }

    /**
     * Runs an MCP request on a ready session, connecting first if the session was closed while idle;
     * a connection or authorization this needs is traced as a child of {@code trace}.
     */
    <T> CompletableFuture<T> use(Function<McpAsyncClient, CompletableFuture<T>> request, Trace trace) {
        touch();
        return requests.run(request, trace);
    }

    /** Why requests cannot run in state {@code s}. */
    McpOAuthException notUsable(ServerSnapshot s) {
        if (s.state() == ConnectionState.AUTHENTICATING) {
            return McpOAuthException.authorizationRequired(key.serverId(), s.authUrl());
        }
        return new McpOAuthException(Code.CONFLICT, "Server " + server.name() + " is " + s.state().wireName()
                + (s.error() == null ? "" : ": " + s.error()));
    }

    void offeringsChanged(McpAsyncClient source, UnaryOperator<Offerings> change) {
        if (slot.isCurrent(source)) {
            update(s -> s.withOfferings(change.apply(s.offerings())));
        }
    }

    /** Closes the session if unused for {@code idleNanos}; the next use reopens it. */
    void closeIfIdle(long nowNanos, long idleNanos) {
        Connector.Session idle = slot.takeIfIdle(lastUsedNanos, nowNanos, idleNanos);
        if (idle != null) {
            ctx.events().close(key.owner(), key.serverId(), "idle");
        }
        closeSession(idle);
    }

    boolean hasOpenSession() {
        return slot.current() != null;
    }

    /** Closes for good; the future completes when the session is closed (its DELETE may still need the store). */
    CompletableFuture<Void> close() {
        Connector.Session open = slot.close();
        if (open != null) {
            ctx.events().close(key.owner(), key.serverId(), "closed");
        }
        return closeSession(open);
    }

    private void touch() {
        lastUsedNanos = System.nanoTime();
    }

    private CompletableFuture<Void> closeSession(Connector.Session s) {
        return s == null ? CompletableFuture.completedFuture(null) : SdkAsync.close(s.client(), ctx.deadlines());
    }

    private void update(UnaryOperator<ServerSnapshot> change) {
        ServerSnapshot before;
        ServerSnapshot after;
        do {
            before = snapshot.get();
            after = change.apply(before);
        } while (!snapshot.compareAndSet(before, after));
        if (!after.equals(before) && !slot.isClosed()) {
            if (after.state() != before.state()) {
                ctx.events().state(key.owner(), key.serverId(), before.state().wireName(), after.state().wireName());
            }
            ctx.changed().accept(key);
        }
    }
}
