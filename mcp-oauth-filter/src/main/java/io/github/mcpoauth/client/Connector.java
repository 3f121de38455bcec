package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.oauth.BearerChallenge;
import io.github.mcpoauth.internal.telemetry.Spans;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.UnaryOperator;

/**
 * Opens one MCP session (lifecycle "Initialization", MCP 2025-11-25) over the configured transport:
 * streamable HTTP, HTTP+SSE, or auto (streamable first, SSE when the server refuses it, as the
 * spec's backwards-compatibility section suggests).
 */
final class Connector {

    /**
     * An authorization failure found by probing an SSE endpoint, or known from an earlier answer
     * without asking ({@link KnownChallenges}).
     */
    static final class AuthorizationNeeded extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient BearerChallenge challenge;

        AuthorizationNeeded(BearerChallenge challenge) {
            super("authorization needed", null, false, false);
            this.challenge = challenge;
        }

        BearerChallenge challenge() {
            return challenge;
        }
    }

    /** An open session and what it offers. */
    record Session(McpAsyncClient client, TransportType transport) {
    }

    /** Where list_changed notifications of a session go. */
    interface OfferingsSink {
        void update(McpAsyncClient source, UnaryOperator<Offerings> change);
    }

    private static final McpSchema.Implementation CLIENT_INFO =
            new McpSchema.Implementation("mcp-oauth-filter", "0.1.0");

    private final ConnectionContext ctx;
    private final ServerKey key;
    private final ServerEndpoint endpoint;
    private final Map<String, String> headers;
    private final RequestDeadline deadline;

    /** @param deadline the request timeout of the server's requests, {@code initialize} among them */
    Connector(ConnectionContext ctx, ServerKey key, ServerEndpoint endpoint, Map<String, String> headers,
            RequestDeadline deadline) {
        this.ctx = ctx;
        this.deadline = deadline;
        this.key = key;
        this.endpoint = endpoint;
        this.headers = headers;
    }

    /**
     * Opens a session over {@code type}. The attempt ends when {@code scope} does, however it ends
     * (its deadline, say): the SDK calls and probes it started are cancelled then, and a client it
     * built is closed. Each {@code initialize} is a client span, a child of {@code trace}.
     */
    CompletableFuture<Session> open(TransportType type, OfferingsSink sink, CompletableFuture<?> scope, Trace trace) {
        CompletableFuture<Void> guard;
        try {
            // the SSRF guard resolves the host: a blocking look-up, on the blocking threads
            guard = CompletableFuture.runAsync(() -> ctx.urlGuard().check(endpoint.url()), ctx.blocking());
        } catch (RejectedExecutionException closed) {
            return CompletableFuture.failedFuture(closed);
        }
        CompletableFuture<Session> opened = type != TransportType.AUTO
                ? guard.thenCompose(ok -> initialize(type, sink, scope, trace))
                : guard.thenCompose(ok -> initialize(TransportType.STREAMABLE_HTTP, sink, scope, trace)
                        .exceptionallyCompose(e -> {
                            Throwable streamable = Failures.unwrap(e);
                            return isFinal(streamable) ? CompletableFuture.failedFuture(streamable)
                                    : initialize(TransportType.SSE, sink, scope, trace).exceptionallyCompose(sse ->
                                            CompletableFuture.failedFuture(reported(streamable, Failures.unwrap(sse))));
                        }));
        return opened.exceptionallyCompose(e -> CompletableFuture.failedFuture(McpAnswers.settled(Failures.unwrap(e))));
    }

    /**
     * Which failure of auto's two attempts to report: the SSE one when it says more (a challenge,
     * or the probe's verdict on what the URL answered) or when streamable HTTP was refused with an
     * error page, so is not there; otherwise the streamable HTTP one.
     */
    private static Throwable reported(Throwable streamable, Throwable sse) {
        boolean sseSaysMore = sse instanceof AuthorizationNeeded || sse instanceof McpOAuthException;
        return sseSaysMore || Failures.find(streamable, McpAnswers.ForeignRefusal.class) != null ? sse : streamable;
    }

    /** Failures that another transport would not fix. */
    static boolean isFinal(Throwable e) {
        return e instanceof McpOAuthException || Failures.find(e, AuthorizationNeeded.class) != null
                || AuthChallenges.fromError(e).isPresent() || Failures.isTimeout(e)
                || Failures.find(e, java.net.ConnectException.class) != null
                || Failures.find(e, java.net.UnknownHostException.class) != null;
    }

    private CompletableFuture<Session> initialize(TransportType type, OfferingsSink sink, CompletableFuture<?> scope,
            Trace trace) {
        if (type != TransportType.SSE) {
            return session(type, sink, scope, trace);
        }
        // The SSE transport cannot report a 401 (its stream just never starts), so ask first.
        return ctx.challenges().probe(key, endpoint, headers, scope).thenCompose(challenge -> challenge.isPresent()
                ? CompletableFuture.<Session>failedFuture(new AuthorizationNeeded(challenge.get()))
                : session(type, sink, scope, trace));
    }

    private CompletableFuture<Session> session(TransportType type, OfferingsSink sink, CompletableFuture<?> scope,
            Trace trace) {
        if (scope.isDone()) {
            return CompletableFuture.failedFuture(new CancellationException("the connection attempt ended"));
        }
        McpAsyncClient client = build(type, sink);
        Trace span = Spans.mcpCall(trace, "initialize", null, endpoint.url()).set(Spans.TRANSPORT, type.wireName());
        return span.endWhen(deadline.watch(SdkAsync.call(client.initialize(), scope, span)).thenApply(initialized -> {
                    if (initialized != null) {
                        span.set(Spans.MCP_PROTOCOL_VERSION, initialized.protocolVersion());
                    }
                    return initialized;
                }))
                .whenComplete((initialized, error) -> {
                    if (error != null) {
                        SdkAsync.close(client, ctx.deadlines());
                    }
                })
                .thenApply(initialized -> new Session(client, type));
    }

    /**
     * The SSE transport hides the status code: whether the endpoint asks for authorization, found
     * by asking it; empty when it does not, when the probe fails, or when {@code error} is one that
     * no authorization would fix.
     */
    CompletableFuture<Optional<BearerChallenge>> probe(Throwable error) {
        if (isFinal(error)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return ctx.challenges().probe(key, endpoint, headers, null).exceptionally(probeError -> Optional.empty());
    }

    private McpAsyncClient build(TransportType type, OfferingsSink sink) {
        OfferingLister discovery = ctx.discovery();
        McpAsyncClient[] self = new McpAsyncClient[1];
        McpAsyncClient client = McpClient.async(ctx.transports().create(key, endpoint, headers, type))
                .clientInfo(CLIENT_INFO)
                .requestTimeout(RequestDeadline.longest(ctx.config())) // a backstop: RequestRunner keeps the request timeout
                .initializationTimeout(ctx.config().discoveryTimeout())
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation(true, true).build())
                .elicitation(SdkAsync.handler(request -> ctx.elicitations().form(key, request)))
                .urlElicitation(SdkAsync.handler(request -> ctx.elicitations().url(key, request)))
                .elicitationCompleteConsumer(SdkAsync.consumer(done ->
                        ctx.elicitations().completed(key, done.elicitationId())))
                .toolsChangeConsumer(SdkAsync.consumer(tools ->
                        changed(sink, self, o -> o.withTools(discovery.tag(tools, key.serverId())))))
                .promptsChangeConsumer(SdkAsync.consumer(prompts ->
                        changed(sink, self, o -> o.withPrompts(discovery.tag(prompts, key.serverId())))))
                .resourcesChangeConsumer(SdkAsync.consumer(resources ->
                        changed(sink, self, o -> o.withResources(discovery.tag(resources, key.serverId())))))
                .build();
        self[0] = client;
        return client;
    }

    private static void changed(OfferingsSink sink, McpAsyncClient[] source, UnaryOperator<Offerings> change) {
        sink.update(source[0], change);
    }
}
