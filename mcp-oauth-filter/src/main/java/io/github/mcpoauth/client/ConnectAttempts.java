package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.config.RetryPolicy;
import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.oauth.BearerChallenge;
import io.github.mcpoauth.internal.telemetry.ErrorTypes;
import io.github.mcpoauth.internal.telemetry.Spans;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.modelcontextprotocol.client.McpAsyncClient;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link ServerConnection}'s connect runs, one attempt at a time: each waits for a turn under
 * the global cap ({@code mcp.oauth.max-concurrent-connects}), opens a session and lists what the
 * server offers within the discovery timeout, and then makes the connection ready, starts an
 * authorization on a 401/403 challenge (RFC 6750 section 3.1, through {@link ServerAuthorizer}),
 * retries after a backoff with jitter, or fails it. Only an attempt of the slot's current
 * generation may put its session in use; a stale one closes what it opened.
 */
final class ConnectAttempts {

    private static final Logger log = LoggerFactory.getLogger(ConnectAttempts.class);
    private static final String AUTHORIZATION_REQUIRED = "authorization_required";

    private final ServerConnection connection;
    private final ConnectionContext ctx;
    private final ServerKey key;
    private final ServerEndpoint endpoint;
    private final TransportType transport;
    private final RetryPolicy retry;
    private final Connector connector;
    private final SessionSlot slot;
    private final RequestDeadline deadline;
    private final ServerAuthorizer authorizer;

    ConnectAttempts(ServerConnection connection, ConnectionContext ctx, ServerKey key, ServerEndpoint endpoint,
            TransportType transport, RetryPolicy retry, Connector connector, SessionSlot slot, RequestDeadline deadline,
            ServerAuthorizer authorizer) {
        this.connection = connection;
        this.ctx = ctx;
        this.key = key;
        this.endpoint = endpoint;
        this.transport = transport;
        this.retry = retry;
        this.connector = connector;
        this.slot = slot;
        this.deadline = deadline;
        this.authorizer = authorizer;
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
    void attempt(int n, long generation, CompletableFuture<ServerSnapshot> done, Trace parent) {
        ctx.connects().acquire(null).whenComplete((turn, refused) -> {
            if (refused != null) {
                done.complete(connection.snapshot());
                return;
            }
            if (slot.isStale(generation)) {
                turn.release();
                done.complete(connection.snapshot());
                return;
            }
            Trace span = Spans.server(parent.child(Spans.CONNECT, Trace.SpanKind.INTERNAL), endpoint.url())
                    .set(Spans.SERVER_ID, key.serverId()).set(Spans.ATTEMPT, n).set(Spans.TRANSPORT, transport.wireName());
            long started = System.nanoTime();
            CompletableFuture<Discovered> over = new CompletableFuture<>();
            over.whenComplete((found, error) -> {
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                try {
                    if (error == null) {
                        ready(found, generation);
                        ConnectionState settled = connection.snapshot().state();
                        span.set(Spans.STATE, settled.wireName());
                        span.end();
                        ctx.events().connect(key.owner(), key.serverId(), transport.wireName(), n,
                                settled == ConnectionState.READY ? "ready" : "abandoned", null, millis);
                        done.complete(connection.snapshot());
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
                connector.open(transport, connection::offeringsChanged, over, span)
                        .thenCompose(opened -> discover(opened, generation, over, span))
                        .whenComplete((found, error) -> {
                            if (error != null) {
                                over.completeExceptionally(error);
                            } else if (!over.complete(found)) {
                                connection.closeSession(found.session());
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
            connection.closeSession(opened);
            return CompletableFuture.failedFuture(new CancellationException("the connection attempt ended"));
        }
        Map<String, Object> capabilities = ctx.discovery().toJson(client.getServerCapabilities());
        connection.update(s -> s.initialized(client.getServerInstructions(), capabilities));
        connection.update(s -> s.withState(ConnectionState.DISCOVERING));
        long started = System.nanoTime();
        return ctx.discovery().discover(client, key.serverId(), over, deadline, span)
                .whenComplete((offerings, error) -> {
                    if (error != null) {
                        connection.closeSession(opened);
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
            connection.closeSession(found.session());
            return;
        }
        connection.touch();
        connection.update(s -> s.withOfferings(found.offerings()).withState(ConnectionState.READY));
    }

    /**
     * Ends the attempt's span with what failed, and goes on: an authorization (its span a child of the
     * attempt's), a retry (its span a sibling), or failed.
     */
    private void connectFailed(int n, long generation, Throwable error, CompletableFuture<ServerSnapshot> done,
            Traced traced, long millis) {
        Trace span = traced.attempt();
        Throwable t = Failures.unwrap(error);
        if (slot.isStale(generation)) {
            span.end(t);
            ctx.events().connect(key.owner(), key.serverId(), transport.wireName(), n, "abandoned", ErrorTypes.of(t), millis);
            done.complete(connection.snapshot());
            return;
        }
        Connector.AuthorizationNeeded needed = Failures.find(t, Connector.AuthorizationNeeded.class);
        Optional<BearerChallenge> challenge = needed != null ? Optional.of(needed.challenge()) : AuthChallenges.fromError(t);
        if (needed == null && challenge.isPresent() && AuthChallenges.refusedWithoutCredentials(t)) {
            // what the server answered, never what was known already (that would keep it forever)
            ctx.transports().knownChallenges().remember(endpoint.url(), challenge.get());
        }
        if (challenge.isPresent()) {
            span.fail(AUTHORIZATION_REQUIRED);
            ctx.events().connect(key.owner(), key.serverId(), transport.wireName(), n, AUTHORIZATION_REQUIRED,
                    AUTHORIZATION_REQUIRED, millis);
            authorizer.authorizeOnce(challenge.get(), span).whenComplete((granted, e) -> {
                if (Boolean.TRUE.equals(granted) && !slot.isStale(generation)) {
                    // tokens without the user (the application's own grant, or enterprise-managed): connect with them at once
                    attempt(1, generation, done, traced.parent());
                } else {
                    done.complete(connection.snapshot());
                }
            });
        } else if (n >= retry.maxAttempts() || isPermanent(t)) {
            span.end(t);
            String reason = Failures.describe(t);
            connection.update(s -> s.failed(reason));
            ctx.events().connect(key.owner(), key.serverId(), transport.wireName(), n, "failed", ErrorTypes.of(t), millis);
            // the kind of failure only: what the server said stays out of the log
            log.info("MCP server {} failed after {} connection attempt(s): {}", key.serverId(), n,
                    Failures.kind(t));
            log.debug("Connecting to MCP server {} failed", key.serverId(), t);
            done.complete(connection.snapshot());
        } else {
            span.end(t);
            ctx.events().connect(key.owner(), key.serverId(), transport.wireName(), n, "retrying", ErrorTypes.of(t), millis);
            ctx.scheduler().schedule(() -> attempt(n + 1, generation, done, traced.parent()), retry.backoff(n + 1).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** An attempt's span and the parent of every attempt of the same connect. */
    private record Traced(Trace parent, Trace attempt) {
    }

    private static boolean isPermanent(Throwable t) {
        return t instanceof McpOAuthException e && e.code() == Code.INVALID_REQUEST;
    }
}
