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
import net.minidev.json.JSONObject;

/**
 * The one adapter between Nimbus OAuth messages and the JDK HTTP client: a Nimbus
 * {@link HTTPRequest} goes out through {@link HttpClient#sendAsync} (after the {@link UrlGuard}
 * check, with a per-request timeout and a bounded body) and comes back as a Nimbus
 * {@link HTTPResponse}. Transport failures become {@link McpOAuthException}s naming only the host.
 */
final class OAuthHttp {

    static final int MAX_BODY_BYTES = 256 * 1024;

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final HttpClient client;
    private final UrlGuard guard;
    private final Duration timeout;
    private final Executor executor;

    OAuthHttp(HttpClient client, UrlGuard guard, Duration timeout, Executor executor) {
        this.client = client;
        this.guard = guard;
        this.timeout = timeout;
        this.executor = executor;
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
        return CompletableFuture.supplyAsync(() -> {
                    guard.check(request.getURI());
                    return toJdk(request);
                }, executor)
                .thenCompose(jdkRequest -> client.sendAsync(jdkRequest, BoundedBodySubscriber.handler(MAX_BODY_BYTES)))
                .thenApply(OAuthHttp::toNimbus);
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
        if (causeOfType(cause, HttpTimeoutException.class) != null) {
            return new McpOAuthException(Code.TIMEOUT, ErrorText.sanitize(
                    host + " did not answer within " + timeout.toMillis() + " ms"));
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
