package io.github.mcpoauth.jpa;

import io.github.mcpoauth.store.PendingAuthorization;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A row of {@code mcp_oauth_pending_authorization}: one {@link PendingAuthorization}, keyed by the
 * SHA-256 of its {@code state}. The state, the PKCE verifier and the authorization URL (which
 * carries the state) are kept only encrypted.
 */
@Entity(name = "McpPendingAuthorization")
@Table(name = "mcp_oauth_pending_authorization")
final class PendingAuthorizationEntity {

    @Id
    @Column(name = "state_hash", nullable = false)
    private String stateHash;

    @Column(name = "state_enc", nullable = false)
    private String stateEnc;

    @Column(name = "owner", nullable = false)
    private String owner;

    @Column(name = "server_id", nullable = false)
    private String serverId;

    @Column(name = "code_verifier_enc", nullable = false)
    private String codeVerifierEnc;

    @Column(name = "redirect_uri", nullable = false)
    private String redirectUri;

    @Column(name = "resource_uri")
    private String resource;

    @Column(name = "scope")
    private String scope;

    @Column(name = "issuer")
    private String issuer;

    @Column(name = "auth_url_enc", nullable = false)
    private String authUrlEnc;

    @Column(name = "attempt", nullable = false)
    private int attempt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "iss_required", nullable = false)
    private boolean issRequired;

    @Column(name = "dpop_alg")
    private String dpopAlg;

    PendingAuthorizationEntity() {
    }

    PendingAuthorizationEntity(String stateHash) {
        this.stateHash = stateHash;
    }

    /** Lower-case hex SHA-256 of the state's UTF-8 bytes. */
    static String hash(String state) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    void fill(PendingAuthorization pending, TokenCipher cipher) {
        owner = pending.owner();
        serverId = pending.serverId();
        stateEnc = cipher.encrypt(pending.state(), context("state"));
        codeVerifierEnc = cipher.encrypt(pending.codeVerifier(), context("code_verifier"));
        redirectUri = pending.redirectUri();
        resource = pending.resource();
        scope = pending.scope();
        issuer = pending.issuer();
        authUrlEnc = cipher.encrypt(pending.authUrl(), context("auth_url"));
        attempt = pending.attempt();
        createdAt = pending.createdAt();
        expiresAt = pending.expiresAt();
        issRequired = pending.issuerRequired();
        dpopAlg = pending.dpopAlgorithm();
    }

    PendingAuthorization toPending(TokenCipher cipher) {
        return new PendingAuthorization(cipher.decrypt(stateEnc, context("state")), owner, serverId,
                cipher.decrypt(codeVerifierEnc, context("code_verifier")), redirectUri, resource, scope, issuer,
                cipher.decrypt(authUrlEnc, context("auth_url")), attempt, createdAt, expiresAt, issRequired,
                dpopAlg);
    }

    /** Bound to the state hash, owner and server, so a row's secrets cannot be moved to another flow. */
    private String context(String column) {
        return TokenCipher.context("mcp_oauth_pending_authorization", column, stateHash, owner, serverId);
    }
}
