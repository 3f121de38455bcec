package io.github.mcpoauth.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Does what a browser and a user do with an {@code authUrl}: GET it without following redirects,
 * expect the authorization server's 302, and read the redirect's query ({@code code}, {@code state},
 * {@code iss}, or {@code error}, {@code error_description}). Pair it with a server that approves by
 * itself, such as {@link TestAuthorizationServer}.
 */
public final class BrowserStub {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT)
            .build();

    /** The query parameters of the redirect {@code authUrl} answers with: pass them to the callback. */
    public Map<String, String> authorize(String authUrl) {
        return QueryStrings.parse(redirectLocation(authUrl).getRawQuery());
    }

    /** The {@code Location} {@code authUrl} redirects to; anything but a 302 is an {@link AssertionError}. */
    public URI redirectLocation(String authUrl) {
        HttpResponse<String> response = get(URI.create(authUrl));
        if (response.statusCode() != 302) {
            throw new AssertionError("expected a 302 from " + authUrl + " but got " + response.statusCode() + ": "
                    + response.body());
        }
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("302 without Location from " + authUrl));
        return URI.create(authUrl).resolve(location);
    }

    private HttpResponse<String> get(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + uri, e);
        }
    }
}
