package io.github.mcpoauth.jpa;

import io.github.mcpoauth.store.SharedClient;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of {@code mcp_oauth_registered_client}: one shared {@link SharedClient}; its client
 * secret and registration access token encrypted, each bound to the row's key.
 */
@Entity(name = "McpRegisteredClient")
@Table(name = "mcp_oauth_registered_client")
final class SharedClientEntity {

    @Id
    @Column(name = "registration_key")
    private String key;

    @Column(name = "issuer", nullable = false)
    private String issuer;

    @Column(name = "client_id", nullable = false)
    private String clientId;

    @Column(name = "client_secret_enc")
    private String clientSecretEnc;

    @Column(name = "auth_method", nullable = false)
    private String authMethod;

    @Column(name = "registration_access_token_enc")
    private String registrationAccessTokenEnc;

    @Column(name = "registration_client_uri")
    private String registrationClientUri;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    SharedClientEntity() {
    }

    SharedClientEntity(SharedClient client, TokenCipher cipher) {
        this.key = client.key();
        fill(client, cipher);
    }

    void fill(SharedClient client, TokenCipher cipher) {
        issuer = client.issuer();
        clientId = client.clientId();
        clientSecretEnc = cipher.encrypt(client.clientSecret(), context("client_secret"));
        authMethod = client.authMethod();
        registrationAccessTokenEnc = cipher.encrypt(client.registrationAccessToken(),
                context("registration_access_token"));
        registrationClientUri = client.registrationClientUri();
        createdAt = client.createdAt();
    }

    SharedClient toClient(TokenCipher cipher) {
        return new SharedClient(key, issuer, clientId, cipher.decrypt(clientSecretEnc, context("client_secret")),
                authMethod, cipher.decrypt(registrationAccessTokenEnc, context("registration_access_token")),
                registrationClientUri, createdAt);
    }

    private String context(String column) {
        return TokenCipher.context("mcp_oauth_registered_client", column, key);
    }
}
