package io.github.mcpoauth.jpa;

import io.github.mcpoauth.store.StoredServer;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code mcp_oauth_server}: one {@link StoredServer}; its headers and client secret encrypted. */
@Entity(name = "McpServer")
@Table(name = "mcp_oauth_server")
final class ServerEntity {

    @EmbeddedId
    private ServerRowId id;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "url", nullable = false)
    private String url;

    @Column(name = "transport", nullable = false)
    private String transport;

    @Column(name = "headers_enc")
    private String headersEnc;

    @Column(name = "callback_url")
    private String callbackUrl;

    @Column(name = "client_id")
    private String clientId;

    @Column(name = "client_secret_enc")
    private String clientSecretEnc;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    ServerEntity() {
    }

    ServerEntity(ServerRowId id) {
        this.id = id;
    }

    /** Copies every field of {@code server} (whose owner and id are this row's) into this row. */
    void fill(StoredServer server, TokenCipher cipher) {
        name = server.name();
        url = server.url();
        transport = server.transport();
        headersEnc = server.headers().isEmpty() ? null : cipher.encrypt(HeaderCodec.encode(server.headers()), context("headers"));
        callbackUrl = server.callbackUrl();
        clientId = server.clientId();
        clientSecretEnc = cipher.encrypt(server.clientSecret(), context("client_secret"));
        createdAt = server.createdAt();
    }

    StoredServer toServer(TokenCipher cipher) {
        return new StoredServer(id.owner(), id.serverId(), name, url, transport,
                headersEnc == null ? null : HeaderCodec.decode(cipher.decrypt(headersEnc, context("headers"))),
                callbackUrl, clientId, cipher.decrypt(clientSecretEnc, context("client_secret")), createdAt);
    }

    private String context(String column) {
        return TokenCipher.context("mcp_oauth_server", column, id.owner(), id.serverId());
    }
}
