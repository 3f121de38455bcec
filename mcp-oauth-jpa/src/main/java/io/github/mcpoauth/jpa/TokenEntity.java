package io.github.mcpoauth.jpa;

import io.github.mcpoauth.store.TokenSet;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code mcp_oauth_token}: one {@link TokenSet}, access and refresh token and DPoP key encrypted.
 * {@code revision} is a fresh random value on every write, so a compare-and-set can name the row
 * state it read: ciphertexts cannot be compared (random IVs), and a counter would repeat after a
 * delete and re-insert.
 */
@Entity(name = "McpToken")
@Table(name = "mcp_oauth_token")
final class TokenEntity {

    @EmbeddedId
    private ServerRowId id;

    @Column(name = "access_token_enc", nullable = false)
    private String accessTokenEnc;

    @Column(name = "refresh_token_enc")
    private String refreshTokenEnc;

    @Column(name = "token_type", nullable = false)
    private String tokenType;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "scope")
    private String scope;

    @Column(name = "issued_at", nullable = false)
    private Instant issuedAt;

    @Column(name = "dpop_key_enc")
    private String dpopKeyEnc;

    @Column(name = "revision", nullable = false)
    private String revision;

    TokenEntity() {
    }

    TokenEntity(ServerRowId id) {
        this.id = id;
    }

    void fill(TokenSet tokens, TokenCipher cipher) {
        accessTokenEnc = cipher.encrypt(tokens.accessToken(), context(id, "access_token"));
        refreshTokenEnc = cipher.encrypt(tokens.refreshToken(), context(id, "refresh_token"));
        tokenType = tokens.tokenType();
        expiresAt = tokens.expiresAt();
        scope = tokens.scope();
        issuedAt = tokens.issuedAt();
        dpopKeyEnc = cipher.encrypt(tokens.dpopKey(), context(id, "dpop_key"));
        revision = newRevision();
    }

    TokenSet toTokens(TokenCipher cipher) {
        return new TokenSet(cipher.decrypt(accessTokenEnc, context(id, "access_token")),
                cipher.decrypt(refreshTokenEnc, context(id, "refresh_token")), tokenType, expiresAt, scope, issuedAt,
                cipher.decrypt(dpopKeyEnc, context(id, "dpop_key")));
    }

    /**
     * Writes this row's values over the stored row of the same id, only if that row is still at
     * {@code readRevision}; returns the number of rows changed (0 or 1).
     */
    int overwriteIfRevision(EntityManager em, String readRevision) {
        return em.createQuery("""
                        update McpToken t set t.accessTokenEnc = :access, t.refreshTokenEnc = :refresh,
                            t.tokenType = :type, t.expiresAt = :expiresAt, t.scope = :scope, t.issuedAt = :issuedAt,
                            t.dpopKeyEnc = :dpopKey, t.revision = :newRevision
                        where t.id.owner = :owner and t.id.serverId = :serverId and t.revision = :readRevision""")
                .setParameter("access", accessTokenEnc)
                .setParameter("refresh", refreshTokenEnc)
                .setParameter("type", tokenType)
                .setParameter("expiresAt", expiresAt)
                .setParameter("scope", scope)
                .setParameter("issuedAt", issuedAt)
                .setParameter("dpopKey", dpopKeyEnc)
                .setParameter("newRevision", revision)
                .setParameter("owner", id.owner())
                .setParameter("serverId", id.serverId())
                .setParameter("readRevision", readRevision)
                .executeUpdate();
    }

    String revision() {
        return revision;
    }

    static String newRevision() {
        return UUID.randomUUID().toString();
    }

    static String context(ServerRowId id, String column) {
        return TokenCipher.context("mcp_oauth_token", column, id.owner(), id.serverId());
    }
}
