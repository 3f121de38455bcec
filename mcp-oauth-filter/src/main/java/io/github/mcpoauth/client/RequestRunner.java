package io.github.mcpoauth.client;

import io.github.mcpoauth.internal.oauth.BearerChallenge;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpTransportSessionClosedException;
import io.modelcontextprotocol.spec.McpTransportSessionNotFoundException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Runs one MCP request for a {@link ServerConnection}: on the open session, or after reopening one
 * closed while idle; a 401/403 challenge turns into a new authorization (RFC 6750 section 3.1,
 * step-up on insufficient_scope), and a lost session (MCP "Session Management") is reopened once.
 */
final class RequestRunner {

    private final ServerConnection connection;
    private final SessionSlot slot;
    private final Connector connector;
    private final RequestDeadline deadline;

    RequestRunner(ServerConnection connection, SessionSlot slot, Connector connector, RequestDeadline deadline) {
        this.connection = connection;
        this.slot = slot;
        this.connector = connector;
        this.deadline = deadline;
    }

    /** On a ready session the request goes straight to the SDK's client, on the calling thread. */
    <T> CompletableFuture<T> run(Function<McpAsyncClient, CompletableFuture<T>> request, Trace trace) {
        Connector.Session open = slot.current();
        if (open != null && connection.snapshot().state() == ConnectionState.READY) {
            return run(open, request, true, trace);
        }
        return readySession(trace).thenCompose(s -> run(s, request, true, trace));
    }

    private CompletableFuture<Connector.Session> readySession(Trace trace) {
        ServerSnapshot current = connection.snapshot();
        Connector.Session open = slot.current();
        if (current.state() == ConnectionState.READY && open != null) {
            return CompletableFuture.completedFuture(open);
        }
        if (current.state() == ConnectionState.AUTHENTICATING || current.state() == ConnectionState.FAILED
                || current.state() == ConnectionState.NOT_CONNECTED) {
            return CompletableFuture.failedFuture(connection.notUsable(current));
        }
        return connection.connect(trace).thenCompose(settled -> {
            Connector.Session now = slot.current();
            return settled.state() == ConnectionState.READY && now != null
                    ? CompletableFuture.completedFuture(now)
                    : CompletableFuture.failedFuture(connection.notUsable(settled));
        });
    }

    /**
     * The request's future, or what its failure leads to. The request timeout is the module's
     * ({@link RequestDeadline}: an elicitation of the server holds it); the SDK's client applies
     * only a backstop ({@code requestTimeout} in {@link Connector}). Cancelling the returned future,
     * or the deadline failing the call, cancels the request.
     */
    private <T> CompletableFuture<T> run(Connector.Session s, Function<McpAsyncClient, CompletableFuture<T>> request,
            boolean mayRetry, Trace trace) {
        CompletableFuture<T> call = deadline.watch(request.apply(s.client()));
        CompletableFuture<T> result = call.exceptionallyCompose(
                error -> failed(s, Failures.unwrap(error), request, mayRetry, trace));
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                call.cancel(false);
            }
        });
        return result;
    }

    private <T> CompletableFuture<T> failed(Connector.Session s, Throwable error,
            Function<McpAsyncClient, CompletableFuture<T>> request, boolean mayRetry, Trace trace) {
        return challengeOf(s, error).thenCompose(challenge -> {
            if (challenge.isPresent()) {
                return connection.authorize(challenge.get(), trace).thenCompose(settled -> {
                    Connector.Session now = slot.current();
                    // authorized without the user (enterprise-managed): the request runs once more
                    return mayRetry && settled.state() == ConnectionState.READY && now != null
                            ? run(now, request, false, trace)
                            : CompletableFuture.<T>failedFuture(connection.notUsable(settled));
                });
            }
            if (mayRetry && (error instanceof McpTransportSessionNotFoundException
                    || error instanceof McpTransportSessionClosedException)) {
                slot.discard(s);
                return readySession(trace).thenCompose(next -> run(next, request, false, trace));
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
        return connector.probe(error);
    }
}
