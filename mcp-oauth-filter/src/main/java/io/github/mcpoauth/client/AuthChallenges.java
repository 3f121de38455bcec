package io.github.mcpoauth.client;

import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.oauth.BearerChallenge;
import io.github.mcpoauth.internal.oauth.McpAuthorizationManager;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Finds the OAuth challenge (RFC 6750 section 3, MCP "Authorization Server Discovery") behind a
 * failed MCP exchange. The streamable HTTP transport reports 401/403 as a typed exception; the
 * HTTP+SSE transport reports only a message, so for it we ask the server once more ourselves:
 * through the owner's {@link CheckedHttpClient}, reading only the status line and headers (bounded
 * by the request timeout) and cancelling the body at once, so a body sent slowly or without end
 * costs nothing.
 */
final class AuthChallenges {

    private final TransportFactory transports;
    private final McpAuthorizationManager auth;
    private final Duration timeout;

    AuthChallenges(TransportFactory transports, McpAuthorizationManager auth, Duration timeout) {
        this.transports = transports;
        this.auth = auth;
        this.timeout = timeout;
    }

    /** The challenge carried by a streamable-HTTP authorization failure anywhere in the cause chain. */
    static Optional<BearerChallenge> fromError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof McpHttpClientTransportAuthorizationException e && e.getResponseInfo() != null) {
                HttpResponse.ResponseInfo info = e.getResponseInfo();
                return Optional.of(BearerChallenge.parse(info.statusCode(),
                        info.headers().allValues("WWW-Authenticate")));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code error} is a streamable-HTTP authorization failure of a request that carried no
     * credentials: then any owner without a token would get the same challenge ({@link KnownChallenges});
     * a refused token says nothing about the next owner.
     */
    static boolean refusedWithoutCredentials(Throwable error) {
        McpHttpClientTransportAuthorizationException e =
                Failures.find(error, McpHttpClientTransportAuthorizationException.class);
        return e != null && e.getRequestSnapshot() != null
                && e.getRequestSnapshot().headers().firstValue("Authorization").isEmpty();
    }

    /**
     * Asks an SSE endpoint, with the current token, whether it wants authorization. Empty when the
     * server answers anything but 401/403 (the failure was something else); fails with the
     * permanent {@link McpAnswers#checkSseGet} error when it answers a page instead of a stream.
     * The exchange is cancelled when {@code scope} (if any) ends first.
     */
    CompletableFuture<Optional<BearerChallenge>> probe(ServerKey key, ServerEndpoint endpoint,
            Map<String, String> headers, CompletableFuture<?> scope) {
        return auth.tokens(key.owner(), key.serverId())
                .thenCompose(token -> {
                    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.url())
                            .timeout(timeout)
                            .header("Accept", "text/event-stream")
                            .GET();
                    headers.forEach(request::setHeader);
                    token.ifPresent(t -> auth.dpop().resourceHeaders(t, "GET", endpoint.url())
                            .forEach(request::setHeader));
                    HttpClient client = transports.clientFor(key.owner(), false);
                    CompletableFuture<HttpResponse<InputStream>> sent = client.sendAsync(request.build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    if (scope != null) {
                        scope.whenComplete((ended, error) -> sent.cancel(true));
                    }
                    return sent;
                })
                .thenApply(response -> {
                    closeQuietly(response.body());
                    int status = response.statusCode();
                    if (status != 401 && status != 403) {
                        McpAnswers.checkSseGet(status, response.headers()).ifPresent(notMcp -> {
                            throw notMcp;
                        });
                        return Optional.empty();
                    }
                    return Optional.of(BearerChallenge.parse(status, response.headers().allValues("WWW-Authenticate")));
                });
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (java.io.IOException ignored) {
            // the probe only needed the status line and headers
        }
    }
}
