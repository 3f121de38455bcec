package io.github.mcpoauth.client;

import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.http.SharedHttpClientBuilder;
import io.github.mcpoauth.internal.oauth.McpAuthorizationManager;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.github.mcpoauth.internal.telemetry.TraceHeaders;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.HttpRequestSnapshot;
import io.modelcontextprotocol.client.transport.customizer.McpAsyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpClientTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;

/**
 * Builds the SDK's own transports for one server and plugs OAuth into them: a request customizer
 * that adds the server's token (RFC 6750 section 2.1; or RFC 9449 section 7.1: the DPoP scheme and
 * a fresh proof bound to this request and token) and custom headers, and an authorization-error
 * handler that replays after a 401: once with the nonce a DPoP server asked for (RFC 9449 section
 * 9), once after a refresh. The customizer also sends the W3C trace context of the call the request
 * belongs to ({@code traceparent}, {@code tracestate}), when the call carries a {@link Trace} (see
 * {@link SdkAsync#call(reactor.core.publisher.Mono, java.util.concurrent.CompletableFuture, Trace)}).
 * Each transport sees the shared client through its owner's {@link CheckedHttpClient}: the owner is
 * known here, where the transport is made, so every request it sends counts toward that owner's cap;
 * a streamable HTTP transport's POSTs are checked and their event streams resumed
 * ({@link ResumableEventStream}). A streamable HTTP transport's first request, sent without a token to a
 * URL whose challenge is known ({@link KnownChallenges}), fails at once with that challenge instead of
 * asking the server again; likewise its session's listening stream, when the URL refused one lately
 * ({@link KnownStreamRefusals}).
 */
final class TransportFactory {

    private final HttpClient httpClient;
    private final Permits gate;
    private final long maxResponseSize;
    private final McpAuthorizationManager auth;
    private final Duration connectTimeout;
    private final TokenCache.Source tokens;
    private final ScheduledExecutorService scheduler;
    private final Duration resumeWindow;
    private final KnownChallenges knownChallenges;
    private final KnownStreamRefusals streamRefusals;

    /**
     * @param scheduler where a POST's event stream waits to be resumed
     * @param resumeWindow the longest a request waits for its answer, and so how long its stream is resumed
     */
    TransportFactory(HttpClient httpClient, Permits gate, long maxResponseSize, McpAuthorizationManager auth,
            Duration connectTimeout, TokenCache.Source tokens, ScheduledExecutorService scheduler,
            Duration resumeWindow) {
        this.scheduler = scheduler;
        this.resumeWindow = resumeWindow;
        this.httpClient = httpClient;
        this.gate = gate;
        this.maxResponseSize = maxResponseSize;
        this.auth = auth;
        this.connectTimeout = connectTimeout;
        this.tokens = tokens;
        this.knownChallenges = new KnownChallenges(tokens.clock());
        this.streamRefusals = new KnownStreamRefusals(tokens.clock());
    }

    /** The challenges servers gave requests without credentials, shared by every owner's transports. */
    KnownChallenges knownChallenges() {
        return knownChallenges;
    }

    /**
     * The next transport to {@code url} asks the server again what was learned from its answers
     * ({@link KnownChallenges}, {@link KnownStreamRefusals}).
     */
    void forgetAnswers(URI url) {
        knownChallenges.forget(url);
        streamRefusals.forget(url);
    }

    /** The shared client as {@code owner}'s requests see it (capped and size-limited). */
    HttpClient clientFor(String owner, boolean checkPosts) {
        return new CheckedHttpClient(httpClient, gate, owner, maxResponseSize, checkPosts);
    }

    /**
     * As {@link #clientFor}, for streamable HTTP: POSTs checked, their event streams resumed, a known
     * refusal of the listening stream not asked again unless the owner sends headers of its own.
     */
    private HttpClient streamableClientFor(String owner, ServerEndpoint endpoint, Map<String, String> headers) {
        return new CheckedHttpClient(httpClient, gate, owner, maxResponseSize, true, new CheckedHttpClient.Streamable(
                scheduler, resumeWindow, endpoint.url(), headers.isEmpty() ? streamRefusals : null));
    }

    McpClientTransport create(ServerKey key, ServerEndpoint endpoint, Map<String, String> headers, TransportType type) {
        TokenCache token = new TokenCache(tokens, auth, key);
        McpAsyncHttpClientRequestCustomizer customizer = new Customizer(endpoint, headers, token,
                type != TransportType.SSE);
        if (type == TransportType.SSE) {
            return HttpClientSseClientTransport.builder(endpoint.origin())
                    .sseEndpoint(endpoint.pathAndQuery())
                    .clientBuilder(new SharedHttpClientBuilder(clientFor(key.owner(), false)))
                    .asyncHttpRequestCustomizer(customizer)
                    .connectTimeout(connectTimeout)
                    .build();
        }
        return HttpClientStreamableHttpTransport.builder(endpoint.origin())
                .endpoint(endpoint.pathAndQuery())
                .clientBuilder(new SharedHttpClientBuilder(streamableClientFor(key.owner(), endpoint, headers)))
                .asyncHttpRequestCustomizer(customizer)
                .authorizationErrorHandler(new RefreshOnUnauthorized(key, token))
                .connectTimeout(connectTimeout)
                .build();
    }

    /** The bearer or DPoP access token of the request that was rejected, if it carried one. */
    static Optional<String> bearerOf(java.net.http.HttpHeaders headers) {
        return headers.firstValue("Authorization")
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7) || v.regionMatches(true, 0, "DPoP ", 0, 5))
                .map(v -> v.substring(v.indexOf(' ') + 1).trim());
    }

    /** The trace of the SDK call a request belongs to; {@link Trace#NONE} when it carries none. */
    static Trace traceOf(McpTransportContext context) {
        Object trace = context == null ? null : context.get(Trace.TRANSPORT_CONTEXT_KEY);
        return trace instanceof Trace t ? t : Trace.NONE;
    }

    private final class Customizer implements McpAsyncHttpClientRequestCustomizer {

        private final ServerEndpoint endpoint;
        private final Map<String, String> headers;
        private final TokenCache token;
        private final boolean customAuthorization;
        /**
         * True until the first POST, the {@code initialize} that opens a streamable HTTP session; never
         * with headers of the owner's own (an API key, say), which the known challenge did not see.
         */
        private final AtomicBoolean unopened;

        Customizer(ServerEndpoint endpoint, Map<String, String> headers, TokenCache token, boolean streamable) {
            this.endpoint = endpoint;
            this.token = token;
            this.headers = headers;
            this.unopened = new AtomicBoolean(streamable && headers.isEmpty());
            this.customAuthorization = headers.keySet().stream().anyMatch("Authorization"::equalsIgnoreCase);
            if (!customAuthorization) {
                // the first request (initialize) follows right after the client is built
                token.prefetch();
            }
        }

        @Override
        public Publisher<HttpRequest.Builder> customize(HttpRequest.Builder builder, String method, URI uri,
                String body, McpTransportContext context) {
            if (!endpoint.sameOrigin(uri)) {
                return SdkAsync.hook(builder);
            }
            headers.forEach(builder::setHeader);
            Trace call = traceOf(context);
            TraceHeaders trace = call.headers();
            if (trace != null) {
                trace.asMap().forEach(builder::setHeader);
            }
            if (customAuthorization) {
                return SdkAsync.hook(builder);
            }
            boolean opening = "POST".equals(method) && unopened.get() && unopened.compareAndSet(true, false);
            return SdkAsync.hook(() -> token.tokens(call).thenApply(value -> {
                if (value.isEmpty() && opening) {
                    knownChallenges.find(endpoint.url()).ifPresent(known -> {
                        throw new Connector.AuthorizationNeeded(known);
                    });
                }
                value.ifPresent(t -> auth.dpop().resourceHeaders(t, method, uri).forEach(builder::setHeader));
                return builder;
            }));
        }
    }

    private final class RefreshOnUnauthorized implements McpHttpClientTransportAuthorizationErrorHandler {

        private final ServerKey key;
        private final TokenCache token;

        RefreshOnUnauthorized(ServerKey key, TokenCache token) {
            this.key = key;
            this.token = token;
        }

        /** With DPoP-bound tokens one replay with a nonce and one after a refresh; else the refresh's one. */
        @Override
        public int maxRetries() {
            return token.dpop() ? 2 : 1;
        }

        @Override
        public Publisher<Boolean> handle(HttpRequestSnapshot request, HttpResponse.ResponseInfo response,
                McpTransportContext context) {
            if (auth.dpop().nonceRequested(request.headers(), request.requestUri(), response.statusCode(),
                    response.headers())) {
                return SdkAsync.hook(true);
            }
            Optional<String> rejected = bearerOf(request.headers());
            if (response.statusCode() == 401) {
                token.forget();
            }
            if (response.statusCode() != 401 || rejected.isEmpty()) {
                return SdkAsync.hook(false);
            }
            return SdkAsync.hook(() -> auth.refreshAfterRejection(key.owner(), key.serverId(), rejected.get(),
                    traceOf(context)).exceptionally(error -> false));
        }
    }
}
