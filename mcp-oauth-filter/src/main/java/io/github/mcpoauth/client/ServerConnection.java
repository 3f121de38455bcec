package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.config.RetryPolicy;
import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.oauth.BearerChallenge;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.github.mcpoauth.store.StoredServer;
import io.modelcontextprotocol.client.McpAsyncClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One owner's connection to one MCP server and its state machine: authenticating, connecting,
 * connected, discovering, ready, failed, not-connected. A connect runs as {@link ConnectAttempts}
 * (turns, retries, discovery, an authorization on a challenge), requests as {@link RequestRunner};
 * it closes its session when idle and reopens it on use.
 */
final class ServerConnection {

    private final ConnectionContext ctx;
    private final StoredServer server;
    private final ServerKey key;
    private final ServerEndpoint endpoint;
    private final AtomicReference<ServerSnapshot> snapshot;
    private final SessionSlot slot = new SessionSlot();
    private final RequestDeadline deadline;
    private final RequestRunner requests;
    private final ServerAuthorizer authorizer;
    private final ConnectAttempts attempts;
    private volatile long lastUsedNanos = System.nanoTime();

    ServerConnection(ConnectionContext ctx, StoredServer server, RetryPolicy retry, ConnectionState initial,
            String authUrl) {
        this.ctx = ctx;
        this.server = server;
        this.key = new ServerKey(server.owner(), server.id());
        this.endpoint = ServerEndpoint.parse(server.url());
        this.deadline = new RequestDeadline(ctx.scheduler(), ctx.config().requestTimeout(),
                () -> ctx.elicitations().settled(key));
        Connector connector = new Connector(ctx, key, endpoint, server.headers(), deadline);
        ServerSnapshot first = ServerSnapshot.initial(initial);
        this.snapshot = new AtomicReference<>(authUrl == null ? first : first.authenticating(authUrl));
        this.requests = new RequestRunner(this, slot, connector, deadline);
        this.authorizer = new ServerAuthorizer(ctx, server, key, endpoint, slot, this::update, this::closeSession);
        this.attempts = new ConnectAttempts(this, ctx, key, endpoint, TransportType.fromWireName(server.transport()), retry, connector, slot, deadline,
                authorizer);
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
            attempts.attempt(1, attempt.generation(), attempt.future(), parent);
        }
        return attempt.future();
    }

    /** A user asked to start over: forget earlier authorization attempts. */
    CompletableFuture<ServerSnapshot> reconnect() {
        forgetKnownAnswers();
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

    /**
     * The next attempt asks the server again for its challenge ({@link KnownChallenges}) and its
     * listening stream ({@link KnownStreamRefusals}).
     */
    void forgetKnownAnswers() {
        ctx.transports().forgetAnswers(endpoint.url());
    }

    void touch() {
        lastUsedNanos = System.nanoTime();
    }

    CompletableFuture<Void> closeSession(Connector.Session s) {
        return s == null ? CompletableFuture.completedFuture(null) : SdkAsync.close(s.client(), ctx.deadlines());
    }

    /** Changes the state atomically; a change that changed something is told to listeners. */
    void update(UnaryOperator<ServerSnapshot> change) {
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
