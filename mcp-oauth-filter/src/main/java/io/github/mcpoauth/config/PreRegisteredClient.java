package io.github.mcpoauth.config;

import java.util.Objects;

/**
 * Client credentials registered out of band with a server's authorization server (RFC 6749
 * section 2).
 *
 * @param clientSecret null for a public client
 * @param authMethod token endpoint auth method, or null to choose one from the secret and the
 *     authorization server's metadata
 */
public record PreRegisteredClient(String clientId, String clientSecret, String authMethod) {

    public PreRegisteredClient {
        Objects.requireNonNull(clientId, "clientId");
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "PreRegisteredClient[clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? "-" : "***")
                + ", authMethod=" + authMethod + "]";
    }
}
