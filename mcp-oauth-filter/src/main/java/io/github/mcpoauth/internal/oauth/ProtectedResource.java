package io.github.mcpoauth.internal.oauth;

import java.net.URI;
import java.util.List;

/**
 * The parts of protected resource metadata (RFC 9728 section 2) the client uses.
 *
 * @param metadataUrl where the document was found
 */
record ProtectedResource(URI metadataUrl, URI resource, List<URI> authorizationServers, List<String> scopesSupported) {

    ProtectedResource {
        authorizationServers = List.copyOf(authorizationServers);
        scopesSupported = List.copyOf(scopesSupported);
    }
}
