package io.github.mcpoauth.internal.oauth;

import com.nimbusds.oauth2.sdk.client.ClientDeleteRequest;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import io.github.mcpoauth.store.RegisteredClient;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a dynamically registered client at its client configuration endpoint with its
 * registration access token (RFC 7592 section 2.3), so an authorization server that caps its
 * clients is not filled with ones nobody uses. Best effort: the result never fails; a refusal or
 * an unreachable endpoint is logged at INFO with the host and status only (never the token, never
 * the body), and a client without a configuration endpoint or token is left alone.
 */
final class RegistrationDeletion {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationDeletion.class);

    private final OAuthHttp http;

    RegistrationDeletion(OAuthHttp http) {
        this.http = http;
    }

    CompletableFuture<Void> delete(RegisteredClient client) {
        if (client.registrationClientUri() == null || client.registrationAccessToken() == null) {
            LOG.debug("The authorization server {} gave no way to delete client registrations", client.issuer());
            return CompletableFuture.completedFuture(null);
        }
        URI endpoint;
        CompletableFuture<Void> sent;
        try {
            endpoint = URI.create(client.registrationClientUri());
            sent = http.send(new ClientDeleteRequest(endpoint,
                    new BearerAccessToken(client.registrationAccessToken())).toHTTPRequest()).thenAccept(response -> {
                        int status = response.getStatusCode();
                        // 204 is the answer; 401 and 404 mean the AS already forgot it (section 2.3)
                        if (status == 204 || status == 200) {
                            LOG.debug("Deleted the unused client registration at {}", endpoint.getHost());
                        } else {
                            LOG.info("Could not delete the unused client registration at {}: HTTP {}",
                                    endpoint.getHost(), status);
                        }
                    });
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((done, error) -> {
            if (error != null) {
                LOG.info("Could not delete the unused client registration at {}: no answer ({})", hostOf(client),
                        OAuthHttp.unwrap(error).getClass().getSimpleName());
            }
            return null;
        });
    }

    private static String hostOf(RegisteredClient client) {
        try {
            return URI.create(client.registrationClientUri()).getHost();
        } catch (IllegalArgumentException e) {
            return "an unreadable address";
        }
    }
}
