package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.config.PreRegisteredClient;
import io.github.mcpoauth.config.RetryPolicy;
import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.oauth.AuthorizationTarget;
import io.github.mcpoauth.internal.oauth.BearerChallenge;
import io.github.mcpoauth.internal.oauth.ErrorText;
import io.github.mcpoauth.store.StoredServer;
import io.modelcontextprotocol.client.McpAsyncClient;
import java.net.URI;
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
 * starts an authorization (MCP 2025-11-25 "Authorization"; step-up on insufficient_scope, at most
 * {@value #MAX_AUTH_ATTEMPTS} in a row); it closes its session when idle and reopens it on use.
 * A 401 {@code invalid_token} after an authorization completed and before a session was ready
 * ends the row at once: the server rejects a token just issued, so another authorization would
 * only get another such token; the server's description is shown instead. An old token (expired,
 * revoked) rejected so gets one authorization.
 */
final class ServerConnection {

    static final int MAX_AUTH_ATTEMPTS = 3;
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
    }

    StoredServer server() {
        return server;
    }

    ServerSnapshot snapshot() {
        return snapshot.get();
    }

    /** Starts a connection, or joins the one in progress; completes with the settled state. */
    CompletableFuture<ServerSnapshot> connect() {
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
            attempt(1, attempt.generation(), attempt.future());
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
    private void attempt(int n, long generation, CompletableFuture<ServerSnapshot> done) {
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
            CompletableFuture<Discovered> over = new CompletableFuture<>();
            over.whenComplete((found, error) -> {
                try {
                    if (error == null) {
                        ready(found, generation);
                        done.complete(snapshot.get());
                    } else {
                        connectFailed(n, generation, error, done);
                    }
                } finally {
                    turn.release();
                }
            });
            ctx.deadlines().failAfter(over, ctx.config().discoveryTimeout(), () -> new TimeoutException(
                    "no session within " + ctx.config().discoveryTimeout().toMillis() + " ms"));
            try {
                connector.open(TransportType.fromWireName(server.transport()), this::offeringsChanged, over)
                        .thenCompose(opened -> discover(opened, generation, over))
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
            CompletableFuture<?> over) {
        McpAsyncClient client = opened.client();
        if (over.isDone() || slot.isStale(generation)) {
            closeSession(opened);
            return CompletableFuture.failedFuture(new CancellationException("the connection attempt ended"));
        }
        Map<String, Object> capabilities = ctx.discovery().toJson(client.getServerCapabilities());
        update(s -> s.initialized(client.getServerInstructions(), capabilities));
        update(s -> s.withState(ConnectionState.DISCOVERING));
        return ctx.discovery().discover(client, key.serverId(), over, deadline)
                .whenComplete((offerings, error) -> {
                    if (error != null) {
                        closeSession(opened);
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

    private void connectFailed(int n, long generation, Throwable error, CompletableFuture<ServerSnapshot> done) {
        if (slot.isStale(generation)) {
            done.complete(snapshot.get());
            return;
        }
        Throwable t = Failures.unwrap(error);
        Optional<BearerChallenge> challenge = t instanceof Connector.AuthorizationNeeded needed
                ? Optional.of(needed.challenge()) : AuthChallenges.fromError(t);
        if (challenge.isPresent()) {
            authorize(challenge.get()).whenComplete((s, e) -> done.complete(snapshot.get()));
        } else if (n >= retry.maxAttempts() || isPermanent(t)) {
            String reason = Failures.describe(t);
            update(s -> s.failed(reason));
            // the kind of failure only: what the server said stays out of the log
            log.info("MCP server {} failed after {} connection attempt(s): {}", key.serverId(), n,
                    Failures.kind(t));
            log.debug("Connecting to MCP server {} failed", key.serverId(), t);
            done.complete(snapshot.get());
        } else {
            ctx.scheduler().schedule(() -> attempt(n + 1, generation, done), retry.backoff(n + 1).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private static boolean isPermanent(Throwable t) {
        return t instanceof McpOAuthException e && e.code() == Code.INVALID_REQUEST;
    }

    /** Sends the user to authorize, unless {@value #MAX_AUTH_ATTEMPTS} attempts in a row did not help. */
    CompletableFuture<ServerSnapshot> authorize(BearerChallenge challenge) {
        long generation = slot.generation();
        int attempt = slot.nextAuthAttempt();
        closeSession(slot.take());
        if (challenge.invalidToken() && slot.authorizedInRow()) {
            update(s -> s.failed(ErrorText.sanitize("The MCP server rejects the access token its authorization server has just issued ("
                    + challenge.errorAndDescription() + "); authorizing again would not help")));
            return CompletableFuture.completedFuture(snapshot.get());
        }
        if (attempt > MAX_AUTH_ATTEMPTS) {
            update(s -> s.failed(ErrorText.sanitize("Authorization did not grant access after " + MAX_AUTH_ATTEMPTS
                    + " attempts" + (challenge.error() == null ? "" : " (" + challenge.errorAndDescription() + ")"))));
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
            if (slot.isStale(generation)) {
                return snapshot.get(); // closed by the application meanwhile: it stays not-connected
            } else if (error != null) {
                update(s -> s.failed(Failures.describe(error)));
            } else {
                update(s -> s.authenticating(pending.authUrl()));
            }
            return snapshot.get();
        });
    }

    /** Another node started a newer authorization, retiring the one shown here: show its {@code authUrl}. */
    void authorizationMoved(String authUrl) {
        update(s -> s.state() == ConnectionState.AUTHENTICATING ? s.authenticating(authUrl) : s);
    }

    /** The user came back from the authorization server without a usable grant. */
    void authorizationFailed(String message) {
        update(s -> s.state() == ConnectionState.AUTHENTICATING ? s.failed(message) : s);
    }

    /** Runs an MCP request on a ready session, connecting first if the session was closed while idle. */
    <T> CompletableFuture<T> use(Function<McpAsyncClient, CompletableFuture<T>> request) {
        touch();
        return requests.run(request);
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
        closeSession(slot.takeIfIdle(lastUsedNanos, nowNanos, idleNanos));
    }

    boolean hasOpenSession() {
        return slot.current() != null;
    }

    /** Closes for good; the future completes when the session is closed (its DELETE may still need the store). */
    CompletableFuture<Void> close() {
        return closeSession(slot.close());
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
            ctx.changed().accept(key);
        }
    }
}
