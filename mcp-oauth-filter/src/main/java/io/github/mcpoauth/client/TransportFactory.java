package io.github.mcpoauth.client;

import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.oauth.McpAuthorizationManager;
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
import org.reactivestreams.Publisher;

/**
 * Builds the SDK's own transports for one server and plugs OAuth into them: a request customizer
 * that adds the server's bearer token (RFC 6750 section 2.1) and custom headers, and an
 * authorization-error handler that refreshes and replays once after a 401. Each transport sees the
 * shared client through its owner's {@link CheckedHttpClient}: the owner is known here, where the
 * transport is made, so every request it sends counts toward that owner's cap; a streamable HTTP
 * transport's POSTs are checked and their event streams resumed ({@link ResumableEventStream}).
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
    }

    /** The shared client as {@code owner}'s requests see it (capped and size-limited). */
    HttpClient clientFor(String owner, boolean checkPosts) {
        return new CheckedHttpClient(httpClient, gate, owner, maxResponseSize, checkPosts);
    }

    /** As {@link #clientFor}, for streamable HTTP: POSTs checked, their event streams resumed. */
    private HttpClient streamableClientFor(String owner) {
        return new CheckedHttpClient(httpClient, gate, owner, maxResponseSize, true, scheduler, resumeWindow);
    }

    McpClientTransport create(ServerKey key, ServerEndpoint endpoint, Map<String, String> headers, TransportType type) {
        TokenCache token = new TokenCache(tokens, auth, key);
        McpAsyncHttpClientRequestCustomizer customizer = new Customizer(endpoint, headers, token);
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
                .clientBuilder(new SharedHttpClientBuilder(streamableClientFor(key.owner())))
                .asyncHttpRequestCustomizer(customizer)
                .authorizationErrorHandler(new RefreshOnUnauthorized(key, token))
                .connectTimeout(connectTimeout)
                .build();
    }

    /** The bearer token of the request that was rejected, if it carried one. */
    static Optional<String> bearerOf(java.net.http.HttpHeaders headers) {
        return headers.firstValue("Authorization")
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).trim());
    }

    private final class Customizer implements McpAsyncHttpClientRequestCustomizer {

        private final ServerEndpoint endpoint;
        private final Map<String, String> headers;
        private final TokenCache token;
        private final boolean customAuthorization;

        Customizer(ServerEndpoint endpoint, Map<String, String> headers, TokenCache token) {
            this.endpoint = endpoint;
            this.token = token;
            this.headers = headers;
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
            if (customAuthorization) {
                return SdkAsync.hook(builder);
            }
            return SdkAsync.hook(() -> token.token().thenApply(value -> {
                value.ifPresent(t -> builder.setHeader("Authorization", "Bearer " + t));
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

        @Override
        public Publisher<Boolean> handle(HttpRequestSnapshot request, HttpResponse.ResponseInfo response,
                McpTransportContext context) {
            Optional<String> rejected = bearerOf(request.headers());
            if (response.statusCode() == 401) {
                token.forget();
            }
            if (response.statusCode() != 401 || rejected.isEmpty()) {
                return SdkAsync.hook(false);
            }
            return SdkAsync.hook(() -> auth.refreshAfterRejection(key.owner(), key.serverId(), rejected.get())
                    .exceptionally(error -> false));
        }
    }
}
