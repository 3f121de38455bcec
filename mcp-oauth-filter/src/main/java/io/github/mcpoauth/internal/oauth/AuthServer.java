package io.github.mcpoauth.internal.oauth;

import java.net.URI;
import java.util.List;

/**
 * The parts of authorization server metadata (RFC 8414 section 2) the client uses.
 *
 * @param issuer the issuer identifier; for an AS without metadata, the origin it was assumed at
 * @param registrationEndpoint null when the AS offers no Dynamic Client Registration
 * @param tokenAuthMethods {@code token_endpoint_auth_methods_supported}; empty when not stated
 * @param fromMetadata false when the 2025-03-26 default endpoints were assumed
 * @param revocationEndpoint the RFC 7009 endpoint from the metadata; null when none is advertised
 * @param scopesSupported the metadata's {@code scopes_supported}; empty when not stated
 * @param dpopAlgorithms {@code dpop_signing_alg_values_supported} (RFC 9449 section 5.1); empty when
 *        the AS does not offer DPoP
 */
record AuthServer(
        String issuer,
        URI authorizationEndpoint,
        URI tokenEndpoint,
        URI registrationEndpoint,
        List<String> tokenAuthMethods,
        boolean clientIdMetadataDocumentSupported,
        boolean fromMetadata,
        boolean issuerInResponse,
        URI revocationEndpoint,
        List<String> scopesSupported,
        List<String> dpopAlgorithms) {

    AuthServer {
        tokenAuthMethods = List.copyOf(tokenAuthMethods);
        scopesSupported = scopesSupported == null ? List.of() : List.copyOf(scopesSupported);
        dpopAlgorithms = dpopAlgorithms == null ? List.of() : List.copyOf(dpopAlgorithms);
    }

    AuthServer(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI registrationEndpoint,
            List<String> tokenAuthMethods, boolean clientIdMetadataDocumentSupported, boolean fromMetadata,
            boolean issuerInResponse, URI revocationEndpoint, List<String> scopesSupported) {
        this(issuer, authorizationEndpoint, tokenEndpoint, registrationEndpoint, tokenAuthMethods,
                clientIdMetadataDocumentSupported, fromMetadata, issuerInResponse, revocationEndpoint, scopesSupported,
                List.of());
    }

    AuthServer(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI registrationEndpoint,
            List<String> tokenAuthMethods, boolean clientIdMetadataDocumentSupported, boolean fromMetadata) {
        this(issuer, authorizationEndpoint, tokenEndpoint, registrationEndpoint, tokenAuthMethods,
                clientIdMetadataDocumentSupported, fromMetadata, false);
    }

    AuthServer(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI registrationEndpoint,
            List<String> tokenAuthMethods, boolean clientIdMetadataDocumentSupported, boolean fromMetadata,
            boolean issuerInResponse) {
        this(issuer, authorizationEndpoint, tokenEndpoint, registrationEndpoint, tokenAuthMethods,
                clientIdMetadataDocumentSupported, fromMetadata, issuerInResponse, null, List.of());
    }

    /** Whether the AS allows the method; an AS that lists nothing allows the RFC 8414 default. */
    boolean supportsAuthMethod(String method) {
        return tokenAuthMethods.isEmpty() ? method.equals("client_secret_basic") : tokenAuthMethods.contains(method);
    }
}
