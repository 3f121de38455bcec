package io.github.mcpoauth.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A client this application registered at an authorization server by Dynamic Client Registration
 * (RFC 7591), shared by every owner and server that reaches that authorization server with the same
 * client metadata. The OAuth client is the application, not the user: one registration per
 * {@code key} rather than one per owner, so an AS that caps its clients is not filled by users.
 * The registration access token and client configuration endpoint (RFC 7592 section 3) are kept
 * so the registration can be confirmed before it is used (RFC 7592 section 2.1) and deleted when no
 * stored server uses it any more.
 *
 * @param key what the registration was made for: issuer, redirect URI, token endpoint auth method
 *     and the rest of the registered metadata, as one opaque string
 * @param clientSecret null for a public client (encrypted at rest)
 * @param registrationAccessToken RFC 7592 token for the client configuration endpoint, or null (encrypted at rest)
 * @param registrationClientUri RFC 7592 client configuration endpoint, or null when the AS gave none
 */
public record SharedClient(
        String key,
        String issuer,
        String clientId,
        String clientSecret,
        String authMethod,
        String registrationAccessToken,
        String registrationClientUri,
        Instant createdAt) {

    public SharedClient {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** This client with another registration access token (RFC 7592 section 3: the AS may rotate it). */
    public SharedClient withRegistrationAccessToken(String token) {
        return new SharedClient(key, issuer, clientId, clientSecret, authMethod, token, registrationClientUri,
                createdAt);
    }

    /** Never prints the secret or the registration access token. */
    @Override
    public String toString() {
        return "SharedClient[issuer=" + issuer + ", clientId=" + clientId + ", authMethod=" + authMethod + "]";
    }
}
