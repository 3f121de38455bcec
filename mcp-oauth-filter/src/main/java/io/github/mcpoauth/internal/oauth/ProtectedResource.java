package io.github.mcpoauth.internal.oauth;

import java.net.URI;
import java.util.List;

/**
 * The parts of protected resource metadata (RFC 9728 section 2) the client uses.
 *
 * @param metadataUrl where the document was found
 * @param acceptsDpop the document lists {@code dpop_signing_alg_values_supported} or sets
 *        {@code dpop_bound_access_tokens_required} (RFC 9728 section 2): the server takes DPoP-bound tokens
 */
record ProtectedResource(URI metadataUrl, URI resource, List<URI> authorizationServers, List<String> scopesSupported,
        boolean acceptsDpop) {

    ProtectedResource {
        authorizationServers = List.copyOf(authorizationServers);
        scopesSupported = List.copyOf(scopesSupported);
    }
}
