package io.github.mcpoauth.internal.http;

import io.github.mcpoauth.internal.ModuleThreads;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The module's JDK HTTP client, with every thread it causes owned and ended at {@link #close()}:
 * its executor is ours ({@code mcp-oauth-http-N}, bounded), and its selector thread stops there too.
 * On Java 21 and later {@code HttpClient.shutdownNow()} ends it at once. On Java 17 the selector
 * ends once the JDK's client is unreachable, so everything of ours holds this wrapper, which lets
 * go of the JDK's client when closed; later requests fail with an {@link IOException}. An answer
 * comes from the body handler, on our executor, and the JDK's hop to the common pool does not run
 * ({@link RelayedExchange}).
 *
 * <p>When the guard checks addresses, its connections go through a {@link ConnectTunnel} (the
 * client's own {@link TunnelSelector}), which it closes with itself; a request the tunnel ended
 * fails with the reason the tunnel noted ({@link TunnelFailures}) instead of the JDK's bare error.
 * Such a client needs no look-up by the JDK, so {@code sendAsync} starts the exchange on the calling
 * thread ({@link ExchangeExecutor}).
 */
public final class OwnedHttpClient extends HttpClient implements AutoCloseable {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final MethodHandle SHUTDOWN_NOW = jdkMethod("shutdownNow", MethodType.methodType(void.class));
    private static final MethodHandle AWAIT = jdkMethod("awaitTermination",
            MethodType.methodType(boolean.class, Duration.class));

    private final AtomicReference<HttpClient> jdk;
    private final ThreadPoolExecutor executor;
    private final ModuleThreads threads;
    private final Optional<Duration> connectTimeout;
    private final Redirect redirect;
    private final SSLContext sslContext;
    private final SSLParameters sslParameters;
    private final Version version;
    private final ConnectTunnel tunnel;
    private final Optional<ProxySelector> proxy;
    private final ExchangeExecutor starts;

    private OwnedHttpClient(HttpClient jdk, ThreadPoolExecutor executor, ExchangeExecutor starts, ModuleThreads threads,
            ConnectTunnel tunnel) {
        this.jdk = new AtomicReference<>(jdk);
        this.executor = executor;
        this.threads = threads;
        this.connectTimeout = jdk.connectTimeout();
        this.redirect = jdk.followRedirects();
        this.sslContext = jdk.sslContext();
        this.sslParameters = jdk.sslParameters();
        this.version = jdk.version();
        this.tunnel = tunnel;
        this.proxy = jdk.proxy();
        this.starts = starts;
    }

    /**
     * A client that never follows redirects (each URL is checked before it is fetched), on at most
     * {@code threadCount} threads of its own ({@code mcp.oauth.http-threads}), connecting through
     * {@code tunnel} unless that is null.
     */
    public static OwnedHttpClient create(Duration connectTimeout, int threadCount, ConnectTunnel tunnel) {
        ModuleThreads threads = new ModuleThreads("mcp-oauth-http-");
        ThreadPoolExecutor executor = threads.pool(threadCount);
        ExchangeExecutor starts = tunnel == null ? null : new ExchangeExecutor(executor);
        HttpClient jdk = ModuleThreads.withPlatformContextLoader(() -> {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .followRedirects(Redirect.NEVER)
                    .executor(starts == null ? executor : starts);
            if (tunnel != null) {
                builder.proxy(new TunnelSelector(tunnel));
            }
            return builder.build();
        });
        return new OwnedHttpClient(jdk, executor, starts, threads, tunnel);
    }

    private HttpClient open() throws IOException {
        HttpClient client = jdk.get();
        if (client == null) {
            throw new IOException("The MCP OAuth HTTP client is closed");
        }
        return client;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        try {
            return open().send(cleartextAsHttp11(request), handler);
        } catch (IOException e) {
            Throwable reason = explained(request, started, e);
            if (reason instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw reason instanceof IOException io ? io : e;
        }
    }

    private Throwable explained(HttpRequest request, long started, Throwable error) {
        return tunnel == null ? error : tunnel.failures().explain(request.uri(), started, error);
    }

    /**
     * The JDK client's default version is HTTP/2, which on a cleartext URL means HTTP/1.1 requests
     * that each carry {@code Upgrade: h2c} and an {@code HTTP2-Settings} header (RFC 7540 section
     * 3.2), every request of every connection, since a refusal is not remembered. RFC 9113 section
     * 3.1 deprecates that upgrade, the MCP SDK's transports ask for HTTP/1.1 (which the shared
     * client builder cannot pass on), and a server that did upgrade would carry a session's event
     * stream over a protocol nobody asked for. So an {@code http://} request that names no version
     * goes out as HTTP/1.1; {@code https://} keeps what ALPN negotiates (h2 where offered).
     */
    static HttpRequest cleartextAsHttp11(HttpRequest request) {
        if (request.version().isPresent() || !"http".equalsIgnoreCase(request.uri().getScheme())) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true).version(Version.HTTP_1_1).build();
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return sendAsync(request, handler, null);
    }

    /**
     * Answers from the body handler, on our executor, without the JDK's hop to
     * {@code CompletableFuture}'s default executor (see {@link RelayedExchange}). Cancelling reaches
     * the exchange, or once the head is in, the body.
     */
    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest userRequest, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        HttpClient client;
        try {
            client = open();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest request = cleartextAsHttp11(userRequest);
        long started = System.nanoTime();
        RelayedExchange<T> exchange = new RelayedExchange<>(request, error -> explained(request, started, error),
                this::onExecutor);
        HttpResponse.BodyHandler<T> taken = exchange.handler(handler);
        exchange.sent(starts == null ? client.sendAsync(request, taken, pushPromiseHandler)
                : starts.startHere(() -> client.sendAsync(request, taken, pushPromiseHandler)));
        return exchange.result();
    }

    /** Completes on our executor, never inside the JDK's delivery of the response. */
    private void onExecutor(Runnable complete) {
        try {
            executor.execute(complete);
        } catch (RejectedExecutionException closed) {
            complete.run();
        }
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
        HttpClient client = jdk.get();
        if (client == null) {
            throw new IllegalStateException("The MCP OAuth HTTP client is closed");
        }
        return client.newWebSocketBuilder();
    }

    /**
     * Stops the JDK's client (Java 21+: at once, cancelling what is in flight) and lets it go, then
     * closes the tunnel with every socket it relays, then ends our executor, each within a bounded wait. Call after the sessions are closed.
     */
    @Override
    public void close() {
        HttpClient client = jdk.getAndSet(null);
        if (client != null && SHUTDOWN_NOW != null) {
            try {
                SHUTDOWN_NOW.invoke(client);
                AWAIT.invoke(client, CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                // the JDK's shutdown failing leaves only the selector to end with the client
            }
        }
        if (tunnel != null) {
            tunnel.close();
        }
        threads.shutdown(executor, CLOSE_WAIT);
    }

    private static MethodHandle jdkMethod(String name, MethodType type) {
        try {
            return MethodHandles.publicLookup().findVirtual(HttpClient.class, name, type);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // before Java 21
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return connectTimeout;
    }

    @Override
    public Redirect followRedirects() {
        return redirect;
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return proxy;
    }

    @Override
    public SSLContext sslContext() {
        return sslContext;
    }

    @Override
    public SSLParameters sslParameters() {
        return sslParameters;
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.empty();
    }

    @Override
    public Version version() {
        return version;
    }

    @Override
    public Optional<Executor> executor() {
        return Optional.of(executor);
    }
}
