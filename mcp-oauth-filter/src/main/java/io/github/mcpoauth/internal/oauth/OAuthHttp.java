package io.github.mcpoauth.internal.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import net.minidev.json.JSONObject;

/**
 * The one adapter between Nimbus OAuth messages and the JDK HTTP client: a Nimbus
 * {@link HTTPRequest} goes out through {@link HttpClient#sendAsync} (after the {@link UrlGuard}
 * check) and comes back as a Nimbus {@link HTTPResponse}. Every exchange is bounded: one deadline
 * for all of it, address check, headers and body (a timer on the module's scheduler that cancels
 * what is still running), and a body that must stay under {@link #MAX_BODY_BYTES} and above the
 * minimum transfer rate. Transport failures become {@link McpOAuthException}s naming only the
 * host, never quoting the upstream body.
 */
final class OAuthHttp {

    static final int MAX_BODY_BYTES = 256 * 1024;

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final HttpClient client;
    private final UrlGuard guard;
    private final Duration timeout;
    private final long minTransferRate;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;

    /**
     * @param timeout the deadline of one whole exchange
     * @param minTransferRate the slowest accepted body in bytes per second, 0 for none
     * @param scheduler runs the deadline and transfer-rate timers
     */
    OAuthHttp(HttpClient client, UrlGuard guard, Duration timeout, long minTransferRate, Executor executor,
            ScheduledExecutorService scheduler) {
        this.client = client;
        this.guard = guard;
        this.timeout = timeout;
        this.minTransferRate = minTransferRate;
        this.executor = executor;
        this.scheduler = scheduler;
    }

    /** Sends the request; any status is a normal completion, transport failures are exceptional. */
    CompletableFuture<HTTPResponse> send(HTTPRequest request) {
        URI url = request.getURI();
        return exchange(request).handle((response, error) -> {
            if (error != null) {
                throw failure(url, error);
            }
            return response;
        });
    }

    /**
     * A discovery fetch: the JSON object at {@code url}, or empty when the answer is anything but a
     * 200 with a JSON object of at most {@link #MAX_BODY_BYTES}. Transport failures are exceptional.
     */
    CompletableFuture<Optional<JSONObject>> getJsonObject(URI url) {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, url);
        request.setAccept("application/json");
        return exchange(request).handle((response, error) -> {
            if (error != null) {
                if (causeOfType(error, BoundedBodySubscriber.TooLargeException.class) != null) {
                    return Optional.empty();
                }
                throw failure(url, error);
            }
            if (response.getStatusCode() != 200) {
                return Optional.empty();
            }
            try {
                return Optional.of(JSONObjectUtils.parse(response.getBody()));
            } catch (ParseException | RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    private CompletableFuture<HTTPResponse> exchange(HTTPRequest request) {
        Exchange exchange = new Exchange();
        try {
            ScheduledFuture<?> deadline = scheduler.schedule(exchange::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
            exchange.result.whenComplete((response, error) -> deadline.cancel(false));
        } catch (RejectedExecutionException closed) {
            return CompletableFuture.failedFuture(new IOException("The MCP OAuth HTTP client is closed"));
        }
        CompletableFuture.supplyAsync(() -> {
                    guard.check(request.getURI());
                    return toJdk(request);
                }, executor)
                .thenCompose(exchange::send)
                .whenComplete((response, error) -> {
                    if (error != null) {
                        exchange.result.completeExceptionally(error);
                    } else {
                        exchange.result.complete(response);
                    }
                });
        return exchange.result.thenApply(OAuthHttp::toNimbus);
    }

    /** One exchange in flight, which its deadline ends wherever it has got to. */
    private final class Exchange {
        final CompletableFuture<HttpResponse<byte[]>> result = new CompletableFuture<>();
        private volatile CompletableFuture<HttpResponse<byte[]>> sent;
        private volatile BoundedBodySubscriber body;

        CompletableFuture<HttpResponse<byte[]>> send(HttpRequest request) {
            if (result.isDone()) {
                return result;
            }
            sent = client.sendAsync(request, info -> {
                body = new BoundedBodySubscriber(MAX_BODY_BYTES, minTransferRate, scheduler);
                if (result.isDone()) {
                    body.abort(new DeadlineException());
                }
                return body;
            });
            if (result.isDone()) {
                sent.cancel(true); // the deadline passed while the request was being handed over
            }
            return sent;
        }

        void expire() {
            if (!result.completeExceptionally(new DeadlineException())) {
                return;
            }
            BoundedBodySubscriber b = body;
            if (b != null) {
                b.abort(new DeadlineException());
            }
            CompletableFuture<?> s = sent;
            if (s != null) {
                s.cancel(true);
            }
        }
    }

    /** The whole exchange took longer than the timeout. */
    private static final class DeadlineException extends IOException {
        private static final long serialVersionUID = 1L;

        DeadlineException() {
            super("deadline exceeded");
        }
    }

    private HttpRequest toJdk(HTTPRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.getURI()).timeout(timeout);
        request.getHeaderMap().forEach((name, values) -> {
            if (!RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        String body = request.getBody();
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        if (request.getMethod() == HTTPRequest.Method.GET) {
            builder.GET();
        } else {
            builder.method(request.getMethod().name(), publisher);
        }
        return builder.build();
    }

    private static HTTPResponse toNimbus(HttpResponse<byte[]> response) {
        HTTPResponse nimbus = new HTTPResponse(response.statusCode());
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                nimbus.setHeader(name, values.toArray(new String[0]));
            }
        });
        nimbus.setBody(new String(response.body(), charsetOf(response)));
        return nimbus;
    }

    private static Charset charsetOf(HttpResponse<?> response) {
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                try {
                    return Charset.forName(p.substring(8).replace("\"", "").strip());
                } catch (RuntimeException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private RuntimeException failure(URI url, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof McpOAuthException mapped) {
            return mapped;
        }
        String host = url.getHost() == null ? String.valueOf(url) : url.getHost();
        if (causeOfType(cause, HttpTimeoutException.class) != null || causeOfType(cause, DeadlineException.class) != null) {
            return new McpOAuthException(Code.TIMEOUT, ErrorText.sanitize(
                    host + " did not answer within " + describe(timeout)));
        }
        if (causeOfType(cause, BoundedBodySubscriber.TooSlowException.class) != null) {
            return new McpOAuthException(Code.TIMEOUT, ErrorText.sanitize(host + " sent its body too slowly (under "
                    + minTransferRate + " bytes/s over " + BoundedBodySubscriber.RATE_WINDOW_MILLIS / 1000 + " s)"));
        }
        if (causeOfType(cause, BoundedBodySubscriber.TooLargeException.class) != null) {
            return new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize(
                    "The response from " + host + " is larger than " + (MAX_BODY_BYTES / 1024) + " KiB"));
        }
        if (causeOfType(cause, ConnectException.class) != null) {
            return new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize("Cannot connect to " + host), cause);
        }
        if (cause instanceof IllegalArgumentException) {
            return new McpOAuthException(Code.INVALID_REQUEST, ErrorText.sanitize("Invalid URL for host " + host), cause);
        }
        String detail = cause instanceof IOException && cause.getMessage() != null ? ": " + cause.getMessage() : "";
        return new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize("Request to " + host + " failed" + detail), cause);
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + " ms";
    }

    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static <T extends Throwable> T causeOfType(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
