package io.github.mcpoauth.internal.oauth;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import io.github.mcpoauth.store.SharedClient;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * A shared client's configuration endpoint (RFC 7592 section 2), where its registration is read and
 * deleted with the registration access token as a bearer token. Requests go through
 * {@link OAuthHttp} like every other OAuth exchange (address check, deadline, size limit); the
 * token is only ever put in the request, never in a message.
 */
final class ClientConfigurationEndpoint {

    private final OAuthHttp http;

    ClientConfigurationEndpoint(OAuthHttp http) {
        this.http = http;
    }

    /** Whether the authorization server gave what RFC 7592 needs: the endpoint and the token. */
    static boolean offeredFor(SharedClient client) {
        return client.registrationClientUri() != null && client.registrationAccessToken() != null;
    }

    /**
     * Sends the request {@code message} builds for the endpoint and token; any status is a normal
     * completion, an unreadable endpoint and transport failures are exceptional.
     */
    CompletableFuture<HTTPResponse> send(SharedClient client,
            BiFunction<URI, BearerAccessToken, HTTPRequest> message) {
        try {
            URI endpoint = URI.create(client.registrationClientUri());
            return http.send(message.apply(endpoint, new BearerAccessToken(client.registrationAccessToken())));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The endpoint's host, for log lines. */
    static String hostOf(SharedClient client) {
        try {
            return URI.create(client.registrationClientUri()).getHost();
        } catch (IllegalArgumentException | NullPointerException e) {
            return "an unreadable address";
        }
    }
}
