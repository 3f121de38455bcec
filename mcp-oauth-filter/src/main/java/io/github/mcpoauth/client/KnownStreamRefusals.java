package io.github.mcpoauth.client;

import io.github.mcpoauth.internal.http.ReceivedResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The MCP endpoints that refused a session's listening stream lately (MCP 2025-11-25 "Transports",
 * streamable HTTP, "Listening for Messages from the Server": the server returns an event stream to
 * that GET, or 405 when it offers none at the endpoint), kept for a few minutes. A server with no
 * sessions often has no listening stream, and the SDK's transport asks again for every session it
 * opens; a session another owner opens meanwhile gets the same refusal, made here at once, and goes
 * on as it would after the server's own, without a request the server would refuse. A refusal is
 * the 405, or a 404 to a GET that named no session: a server without a GET route at the endpoint
 * answers that (an Express application, for one); a 404 to a GET that named one only says that
 * session is gone, and is not kept. Like {@link KnownChallenges}, whose lifetime and bound it
 * shares, it is never used for a transport with headers of the owner's own, it is dropped when a
 * server with that URL is removed or reconnected by hand, and an event stream from the endpoint
 * drops it too. A resumption (a GET with {@code Last-Event-ID}) is always sent.
 */
final class KnownStreamRefusals {

    private final RecentAnswers<Integer> refused;

    KnownStreamRefusals(Clock clock) {
        this.refused = new RecentAnswers<>(clock, KnownChallenges.TTL, KnownChallenges.MAX_URLS);
    }

    /**
     * Learns from the status the endpoint {@code url} gave a session's listening GET, which named a
     * session ({@code Mcp-Session-Id}) or not.
     */
    void answered(URI url, boolean namedSession, int status) {
        if (status == 405 || status == 404 && !namedSession) {
            refused.remember(url, status);
        } else if (status / 100 == 2) {
            refused.forget(url);
        }
    }

    /** The status {@code url} would refuse a listening GET with, if it refused one within the last few minutes. */
    OptionalInt refusal(URI url, boolean namedSession) {
        Optional<Integer> status = refused.find(url);
        return status.isPresent() && (status.get() == 405 || !namedSession) ? OptionalInt.of(status.get())
                : OptionalInt.empty();
    }

    void forget(URI url) {
        refused.forget(url);
    }

    /** The server's known refusal of {@code request}, made here: {@code status}, no headers, an empty body. */
    static <T> CompletableFuture<HttpResponse<T>> answer(HttpRequest request, int status,
            HttpResponse.BodyHandler<T> handler) {
        Refusal info = new Refusal(status);
        HttpResponse.BodySubscriber<T> body = handler.apply(info);
        body.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                // nothing to deliver: the body is empty
            }

            @Override
            public void cancel() {
                // nothing to release
            }
        });
        body.onComplete();
        return body.getBody().toCompletableFuture().thenApply(value -> new ReceivedResponse<>(request, info, value));
    }

    /** What the body handler of a refusal learns: the status, no headers. */
    private record Refusal(int statusCode) implements HttpResponse.ResponseInfo {

        private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (name, value) -> true);

        @Override
        public HttpHeaders headers() {
            return NONE;
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
