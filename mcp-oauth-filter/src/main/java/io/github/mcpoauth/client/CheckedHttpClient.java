package io.github.mcpoauth.client;

import io.github.mcpoauth.internal.http.SizeLimitedBody;
import io.github.mcpoauth.internal.http.WithheldBody;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The shared client as one owner's MCP transports see it. Each request first waits for a slot of
 * the request {@link Permits} (per owner and in total), and holds it until its answer is over; an
 * answer that is an event stream gives it back once its headers are in, since it may stay open
 * for hours, and a session's listening stream takes none. Each body
 * is limited to {@code mcp.oauth.max-response-size} ({@link SizeLimitedBody}; an event stream per
 * event). With {@code checkPosts}, the answer to each POST is checked ({@link McpAnswers#checkPost})
 * before the SDK reads it: the SDK treats a page in an unknown media type as a failure worth trying
 * again and over the SSE transport, where it waits for an event that never comes until the
 * discovery timeout, and puts an error page's body into its message; failing here, typed, ends the
 * attempt at once with the status and media type only. The body of any MCP answer but a success
 * is read and dropped before the SDK sees it ({@link WithheldBody}), since the SDK quotes it in its
 * messages and logs. For a streamable HTTP transport ({@link Streamable}), an event stream answering a
 * POST that the server ends before the answer is resumed ({@link ResumableEventStream}), and a
 * session's listening GET to an endpoint that refused one lately is answered at once
 * ({@link KnownStreamRefusals}). Everything else is the shared client's.
 */
final class CheckedHttpClient extends HttpClient {

    private final HttpClient client;
    private final Permits gate;
    private final String owner;
    private final long maxResponseSize;
    private final boolean checkPosts;
    private final Streamable streamable;

    /**
     * What a streamable HTTP transport's client adds: a POST's event stream that the server ends
     * before the answer is resumed ({@link ResumableEventStream}), and the session's listening GET to
     * {@code endpoint} is answered from {@code refusals} when the endpoint refused one lately.
     *
     * @param scheduler where a POST's event stream waits before it is resumed
     * @param resumeWindow how long after its answer began a POST's event stream may still be resumed
     * @param refusals null for a transport with headers of its owner's own, which the known refusals did not see
     */
    record Streamable(ScheduledExecutorService scheduler, Duration resumeWindow, URI endpoint,
            KnownStreamRefusals refusals) {
    }

    /** @param owner whose slots the requests take, or null for the total only */
    CheckedHttpClient(HttpClient client, Permits gate, String owner, long maxResponseSize, boolean checkPosts) {
        this(client, gate, owner, maxResponseSize, checkPosts, null);
    }

    /** @param streamable what a streamable HTTP transport adds, or null */
    CheckedHttpClient(HttpClient client, Permits gate, String owner, long maxResponseSize, boolean checkPosts,
            Streamable streamable) {
        this.client = client;
        this.gate = gate;
        this.owner = owner;
        this.maxResponseSize = maxResponseSize;
        this.checkPosts = checkPosts;
        this.streamable = streamable;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> response = sendAsync(request, handler);
        try {
            return response.get();
        } catch (InterruptedException e) {
            response.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return sendAsync(request, handler, null);
    }

    /**
     * Waits for a slot, then sends; cancelling the returned future leaves the queue or cancels the
     * exchange. The slot goes back when the body ends, is cancelled, or the exchange fails.
     */
    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        if (isEventStreamGet(request)) {
            OptionalInt refusal = isListening(request)
                    ? streamable.refusals().refusal(streamable.endpoint(), namesSession(request)) : OptionalInt.empty();
            if (refusal.isPresent()) {
                return KnownStreamRefusals.answer(request, refusal.getAsInt(), handler);
            }
            return client.sendAsync(request, limited(request, handler, () -> { }), pushPromiseHandler);
        }
        CompletableFuture<Permits.Permit> slot = gate.acquire(owner);
        CompletableFuture<CompletableFuture<HttpResponse<T>>> exchange = new CompletableFuture<>();
        CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                slot.cancel(false);
                exchange.thenAccept(sent -> sent.cancel(mayInterruptIfRunning));
                return super.cancel(mayInterruptIfRunning);
            }
        };
        slot.whenComplete((permit, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            if (result.isDone()) {
                permit.release();
                return;
            }
            CompletableFuture<HttpResponse<T>> sent = client.sendAsync(request, limited(request, handler, permit::release),
                    pushPromiseHandler);
            exchange.complete(sent);
            sent.whenComplete((response, failure) -> {
                if (failure != null) {
                    permit.release();
                    result.completeExceptionally(failure);
                } else {
                    result.complete(response);
                }
            });
        });
        return result;
    }

    /**
     * A session's listening stream (streamable HTTP's GET, HTTP+SSE's endpoint stream) stays open as
     * long as the session and is not a request waiting for an answer: it takes no slot, or a server
     * that never answers it would hold one for good. There is one per session at most.
     */
    private static boolean isEventStreamGet(HttpRequest request) {
        List<String> accept = request.headers().allValues("Accept");
        return "GET".equals(request.method()) && !accept.isEmpty()
                && accept.stream().allMatch(a -> a.contains("text/event-stream"));
    }

    /** A streamable HTTP session's listening GET (not a resumption), when known refusals apply to it. */
    private boolean isListening(HttpRequest request) {
        return streamable != null && streamable.refusals() != null && "GET".equals(request.method())
                && request.headers().firstValue("Last-Event-ID").isEmpty();
    }

    private static boolean namesSession(HttpRequest request) {
        return request.headers().firstValue("Mcp-Session-Id").isPresent();
    }

    private <T> HttpResponse.BodyHandler<T> limited(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            Runnable release) {
        boolean post = "POST".equals(request.method());
        return info -> {
            if (checkPosts && post) {
                McpAnswers.checkPost(info);
            }
            if (isListening(request)) {
                streamable.refusals().answered(streamable.endpoint(), namesSession(request), info.statusCode());
            }
            boolean stream = McpAnswers.isEventStream(info.headers());
            if (stream) {
                release.run();
            }
            HttpResponse.BodySubscriber<T> body = handler.apply(info);
            if (post && stream && streamable != null && info.statusCode() / 100 == 2) {
                body = new ResumableEventStream<>(body, (lastEventId, resumed) ->
                        sendAsync(resumption(request, lastEventId), resumed), streamable.scheduler(),
                        streamable.resumeWindow());
            }
            // MCP transports' answers only (they have an owner): the OAuth exchanges need an error's
            // body (RFC 6749 section 5.2) and quote no more of it than its error code and description
            if (owner != null && WithheldBody.applies(info.statusCode())) {
                body = new WithheldBody<>(body);
            }
            return new SizeLimitedBody<>(body, maxResponseSize, stream, release);
        };
    }

    /**
     * The GET that resumes the event stream answering {@code post} (MCP 2025-11-25 "Transports",
     * resumability and redelivery): the same endpoint and headers (session, protocol version,
     * authorization), asking for an event stream from {@code lastEventId}.
     */
    static HttpRequest resumption(HttpRequest post, String lastEventId) {
        HttpRequest.Builder get = HttpRequest.newBuilder(post.uri()).GET();
        post.timeout().ifPresent(get::timeout);
        post.version().ifPresent(get::version);
        post.headers().map().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Accept")
                    && !name.equalsIgnoreCase("Last-Event-ID")) {
                values.forEach(value -> get.header(name, value));
            }
        });
        return get.header("Accept", "text/event-stream").header("Last-Event-ID", lastEventId).build();
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
