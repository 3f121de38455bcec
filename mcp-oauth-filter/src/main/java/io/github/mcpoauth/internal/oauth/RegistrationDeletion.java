package io.github.mcpoauth.internal.oauth;

import com.nimbusds.oauth2.sdk.client.ClientDeleteRequest;
import io.github.mcpoauth.store.SharedClient;
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

    private final ClientConfigurationEndpoint endpoint;

    RegistrationDeletion(ClientConfigurationEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    CompletableFuture<Void> delete(SharedClient client) {
        if (!ClientConfigurationEndpoint.offeredFor(client)) {
            LOG.debug("The authorization server {} gave no way to delete client registrations", client.issuer());
            return CompletableFuture.completedFuture(null);
        }
        String host = ClientConfigurationEndpoint.hostOf(client);
        return endpoint.send(client, (uri, token) -> new ClientDeleteRequest(uri, token).toHTTPRequest())
                .handle((response, error) -> {
                    if (error != null) {
                        LOG.info("Could not delete the unused client registration at {}: no answer ({})", host,
                                OAuthHttp.unwrap(error).getClass().getSimpleName());
                    } else if (response.getStatusCode() == 204 || response.getStatusCode() == 200) {
                        LOG.debug("Deleted the unused client registration at {}", host);
                    } else {
                        // 401 and 404 mean the AS already forgot it (section 2.3)
                        LOG.info("Could not delete the unused client registration at {}: HTTP {}", host,
                                response.getStatusCode());
                    }
                    return null;
                });
    }
}
