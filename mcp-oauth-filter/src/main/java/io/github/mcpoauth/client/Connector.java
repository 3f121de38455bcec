package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.oauth.BearerChallenge;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Opens one MCP session (lifecycle "Initialization", MCP 2025-11-25) over the configured transport:
 * streamable HTTP, HTTP+SSE, or auto (streamable first, SSE when the server refuses it, as the
 * spec's backwards-compatibility section suggests).
 */
final class Connector {

    /** An authorization failure found by probing an SSE endpoint. */
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

    Connector(ConnectionContext ctx, ServerKey key, ServerEndpoint endpoint, Map<String, String> headers) {
        this.ctx = ctx;
        this.key = key;
        this.endpoint = endpoint;
        this.headers = headers;
    }

    Mono<Session> open(TransportType type, OfferingsSink sink) {
        Mono<Void> guard = Mono.<Void>fromRunnable(() -> ctx.urlGuard().check(endpoint.url()))
                .subscribeOn(Schedulers.fromExecutor(ctx.blocking()));
        if (type != TransportType.AUTO) {
            return guard.then(initialize(type, sink)).onErrorMap(McpAnswers::settled);
        }
        return guard.then(initialize(TransportType.STREAMABLE_HTTP, sink)
                .onErrorResume(e -> isFinal(e) ? Mono.error(e)
                        : initialize(TransportType.SSE, sink).onErrorResume(sseError -> Mono.error(reported(e, sseError)))))
                .onErrorMap(McpAnswers::settled);
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
        return e instanceof McpOAuthException || e instanceof AuthorizationNeeded
                || AuthChallenges.fromError(e).isPresent() || Failures.isTimeout(e)
                || Failures.find(e, java.net.ConnectException.class) != null
                || Failures.find(e, java.net.UnknownHostException.class) != null;
    }

    private Mono<Session> initialize(TransportType type, OfferingsSink sink) {
        Mono<Session> session = Mono.defer(() -> {
            McpAsyncClient client = build(type, sink);
            return client.initialize()
                    .thenReturn(new Session(client, type))
                    .onErrorResume(error -> {
                        closeQuietly(client);
                        return Mono.error(error);
                    });
        });
        if (type != TransportType.SSE) {
            return session;
        }
        // The SSE transport cannot report a 401 (its stream just never starts), so ask first.
        return ctx.challenges().probe(key, endpoint, headers)
                .flatMap(challenge -> Mono.<Session>error(new AuthorizationNeeded(challenge)))
                .switchIfEmpty(session);
    }

    /** The SSE transport hides the status code; ask the endpoint whether it wants authorization. */
    Mono<Session> probed(Throwable error) {
        if (isFinal(error)) {
            return Mono.error(error);
        }
        return ctx.challenges().probe(key, endpoint, headers)
                .onErrorResume(probeError -> Mono.empty())
                .flatMap(challenge -> Mono.<Session>error(new AuthorizationNeeded(challenge)))
                .switchIfEmpty(Mono.error(error));
    }

    private McpAsyncClient build(TransportType type, OfferingsSink sink) {
        OfferingLister discovery = ctx.discovery();
        McpAsyncClient[] self = new McpAsyncClient[1];
        McpAsyncClient client = McpClient.async(ctx.transports().create(key, endpoint, headers, type))
                .clientInfo(CLIENT_INFO)
                .requestTimeout(ctx.config().requestTimeout())
                .initializationTimeout(ctx.config().discoveryTimeout())
                .toolsChangeConsumer(tools -> changed(sink, self, o -> o.withTools(discovery.tag(tools, key.serverId()))))
                .promptsChangeConsumer(prompts ->
                        changed(sink, self, o -> o.withPrompts(discovery.tag(prompts, key.serverId()))))
                .resourcesChangeConsumer(resources ->
                        changed(sink, self, o -> o.withResources(discovery.tag(resources, key.serverId()))))
                .build();
        self[0] = client;
        return client;
    }

    private static Mono<Void> changed(OfferingsSink sink, McpAsyncClient[] source, UnaryOperator<Offerings> change) {
        return Mono.fromRunnable(() -> sink.update(source[0], change));
    }

    /** Closes in the background; the future completes when the client is closed (at most about 5 s). */
    static java.util.concurrent.CompletableFuture<Void> closeQuietly(McpAsyncClient client) {
        if (client == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        return client.closeGracefully()
                .timeout(java.time.Duration.ofSeconds(5))
                .onErrorResume(e -> Mono.fromRunnable(client::close))
                .toFuture();
    }

}
