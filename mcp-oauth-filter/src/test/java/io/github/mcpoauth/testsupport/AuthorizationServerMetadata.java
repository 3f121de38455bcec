package io.github.mcpoauth.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the RFC 8414 metadata document of a {@link TestAuthorizationServer}. */
final class AuthorizationServerMetadata {

    private AuthorizationServerMetadata() {
    }

    static Map<String, Object> document(AuthorizationServerEndpoints endpoints, String advertisedIssuer,
            boolean dynamicRegistration, List<String> authMethods, boolean clientIdMetadataDocumentSupported,
            List<String> scopesSupported, boolean revocation, boolean dpop) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", advertisedIssuer);
        document.put("authorization_endpoint", endpoints.authorizationEndpoint());
        document.put("token_endpoint", endpoints.tokenEndpoint());
        if (dynamicRegistration) {
            document.put("registration_endpoint", endpoints.registrationEndpoint());
        }
        if (revocation) {
            document.put("revocation_endpoint", endpoints.revocationEndpoint());
            document.put("revocation_endpoint_auth_methods_supported", authMethods);
        }
        document.put("response_types_supported", List.of("code"));
        document.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials",
                "urn:ietf:params:oauth:grant-type:jwt-bearer"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        document.put("token_endpoint_auth_methods_supported", authMethods);
        if (authMethods.contains(KnownClient.PRIVATE_KEY_JWT)) {
            document.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS256", "ES256"));
        }
        if (!scopesSupported.isEmpty()) {
            document.put("scopes_supported", scopesSupported);
        }
        if (clientIdMetadataDocumentSupported) {
            document.put("client_id_metadata_document_supported", true);
        }
        document.put("authorization_response_iss_parameter_supported", true);
        if (dpop) {
            document.put("dpop_signing_alg_values_supported", List.of("ES256", "RS256"));
        }
        return document;
    }
}
