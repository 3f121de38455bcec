package io.github.mcpoauth.client;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The shared client as the SDK's streamable HTTP transport sees it: the answer to each POST is
 * checked ({@link McpAnswers#checkPost}) before the SDK reads it. The SDK treats a page in an
 * unknown media type as a failure worth trying again and over the SSE transport, where it waits
 * for an event that never comes until the discovery timeout, and puts an error page's body into
 * its message; failing here, typed, ends the attempt at once with the status and media type only.
 * Everything else is the shared client's.
 */
final class CheckedHttpClient extends HttpClient {

    private final HttpClient client;

    CheckedHttpClient(HttpClient client) {
        this.client = client;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return client.send(request, checked(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return client.sendAsync(request, checked(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return client.sendAsync(request, checked(request, handler), pushPromiseHandler);
    }

    private static <T> HttpResponse.BodyHandler<T> checked(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        if (!"POST".equals(request.method())) {
            return handler;
        }
        return info -> {
            McpAnswers.checkPost(info);
            return handler.apply(info);
        };
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return client.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return client.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return client.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return client.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return client.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return client.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return client.authenticator();
    }

    @Override
    public Version version() {
        return client.version();
    }

    @Override
    public Optional<Executor> executor() {
        return client.executor();
    }
}
