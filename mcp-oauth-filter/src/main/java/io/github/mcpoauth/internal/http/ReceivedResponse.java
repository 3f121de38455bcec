package io.github.mcpoauth.internal.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * A response assembled from what the JDK client hands the body handler (status, headers, version)
 * and the body the subscriber produced, so that a {@link RelayedExchange} can answer without the
 * JDK's own response future, which the JDK completes through a hop to the common pool (on a
 * machine with fewer than three CPUs, a new thread per response). The client never follows
 * redirects, so there is no previous response; the TLS session is not known at that point, and
 * nothing of the module asks for it. The client package makes one too, for an answer known without
 * asking ({@code KnownStreamRefusals}).
 */
public record ReceivedResponse<T>(HttpRequest request, HttpResponse.ResponseInfo info, T body) implements HttpResponse<T> {

    @Override
    public int statusCode() {
        return info.statusCode();
    }

    @Override
    public Optional<HttpResponse<T>> previousResponse() {
        return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
        return info.headers();
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return Optional.empty();
    }

    @Override
    public URI uri() {
        return request.uri();
    }

    @Override
    public HttpClient.Version version() {
        return info.version();
    }
}
