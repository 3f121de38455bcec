package io.github.mcpoauth.config;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The enterprise identity provider of enterprise-managed authorization (MCP extension
 * {@code io.modelcontextprotocol/enterprise-managed-authorization}, the Identity Assertion JWT
 * Authorization Grant): where the signed-in user's ID token is exchanged for an ID-JAG, with which
 * client, and which MCP authorization servers take those ID-JAGs. The ID token goes to this
 * provider only, the ID-JAG only to the authorization server it names as audience, and only
 * to one of {@code authorizationServers}, compared as exact strings (RFC 8414 section 3.3).
 *
 * @param tokenEndpoint empty to read it from the issuer's metadata
 * @param clientSecret empty for a public client
 * @param idTokenSource where the web layer reads a request's ID token: {@code openid-context},
 *     {@code attribute:NAME} or {@code none}
 */
public record EnterpriseIdp(
        String issuer,
        Optional<URI> tokenEndpoint,
        String clientId,
        Optional<String> clientSecret,
        List<String> authorizationServers,
        String idTokenSource) {

    public EnterpriseIdp {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        tokenEndpoint = tokenEndpoint == null ? Optional.empty() : tokenEndpoint;
        clientSecret = clientSecret == null ? Optional.empty() : clientSecret;
        authorizationServers = List.copyOf(authorizationServers);
        idTokenSource = idTokenSource == null ? "openid-context" : idTokenSource;
    }

    /** Whether the authorization server with this issuer takes ID-JAGs from this provider. */
    public boolean accepts(String authorizationServerIssuer) {
        return authorizationServerIssuer != null && authorizationServers.contains(authorizationServerIssuer);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "EnterpriseIdp[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret.isPresent() ? "***" : "-") + ", authorizationServers=" + authorizationServers
                + ", idTokenSource=" + idTokenSource + "]";
    }
}
