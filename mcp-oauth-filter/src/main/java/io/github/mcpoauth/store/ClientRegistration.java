package io.github.mcpoauth.store;

import java.time.Instant;
import java.util.Objects;

/**
 * How this app is known to the authorization server of one owner's server: the AS endpoints found
 * by discovery and the client identity obtained from configuration, a Client ID Metadata Document
 * or Dynamic Client Registration (RFC 7591).
 *
 * @param clientSecret null for public clients (encrypted at rest)
 * @param authMethod token endpoint auth: client_secret_basic, client_secret_post, none, private_key_jwt
 * @param resource the RFC 8707 resource indicator sent on authorize, token and refresh requests
 */
public record ClientRegistration(
        String issuer,
        String authorizationEndpoint,
        String tokenEndpoint,
        String clientId,
        String clientSecret,
        String authMethod,
        String redirectUri,
        String resource,
        Instant createdAt) {

    public ClientRegistration {
        Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public String toString() {
        return "ClientRegistration[issuer=" + issuer + ", clientId=" + clientId + ", authMethod=" + authMethod + "]";
    }
}
