package io.github.mcpoauth.jpa;

import io.github.mcpoauth.store.ClientRegistration;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code mcp_oauth_client_registration}: one {@link ClientRegistration}; its client secret encrypted. */
@Entity(name = "McpClientRegistration")
@Table(name = "mcp_oauth_client_registration")
final class ClientRegistrationEntity {

    @EmbeddedId
    private ServerRowId id;

    @Column(name = "issuer")
    private String issuer;

    @Column(name = "authorization_endpoint", nullable = false)
    private String authorizationEndpoint;

    @Column(name = "token_endpoint", nullable = false)
    private String tokenEndpoint;

    @Column(name = "client_id", nullable = false)
    private String clientId;

    @Column(name = "client_secret_enc")
    private String clientSecretEnc;

    @Column(name = "auth_method", nullable = false)
    private String authMethod;

    @Column(name = "redirect_uri", nullable = false)
    private String redirectUri;

    @Column(name = "resource_uri")
    private String resource;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    ClientRegistrationEntity() {
    }

    ClientRegistrationEntity(ServerRowId id) {
        this.id = id;
    }

    void fill(ClientRegistration registration, TokenCipher cipher) {
        issuer = registration.issuer();
        authorizationEndpoint = registration.authorizationEndpoint();
        tokenEndpoint = registration.tokenEndpoint();
        clientId = registration.clientId();
        clientSecretEnc = cipher.encrypt(registration.clientSecret(), secretContext());
        authMethod = registration.authMethod();
        redirectUri = registration.redirectUri();
        resource = registration.resource();
        createdAt = registration.createdAt();
    }

    ClientRegistration toRegistration(TokenCipher cipher) {
        return new ClientRegistration(issuer, authorizationEndpoint, tokenEndpoint, clientId,
                cipher.decrypt(clientSecretEnc, secretContext()), authMethod, redirectUri, resource, createdAt);
    }

    private String secretContext() {
        return TokenCipher.context("mcp_oauth_client_registration", "client_secret", id.owner(), id.serverId());
    }
}
