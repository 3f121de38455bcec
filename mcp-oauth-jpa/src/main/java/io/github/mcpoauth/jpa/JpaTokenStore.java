package io.github.mcpoauth.jpa;

import io.github.mcpoauth.store.TokenSet;
import io.github.mcpoauth.store.TokenStore;
import jakarta.persistence.EntityManager;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link TokenStore} on {@code mcp_oauth_token}. {@link #replace} is a compare-and-set in the
 * database: it reads the row, compares the decrypted tokens with the expected ones, and updates
 * only where the row still has the revision it read. Of racing refreshes on any nodes exactly one
 * matches; a refresh after a delete matches no row and inserts nothing.
 */
final class JpaTokenStore implements TokenStore {

    private final Transactions tx;
    private final TokenCipher cipher;

    JpaTokenStore(Transactions tx, TokenCipher cipher) {
        this.tx = tx;
        this.cipher = cipher;
    }

    @Override
    public Optional<TokenSet> find(String owner, String serverId) {
        ServerRowId id = new ServerRowId(owner, serverId);
        return tx.run("read tokens", em -> Optional.ofNullable(em.find(TokenEntity.class, id)).map(r -> r.toTokens(cipher)));
    }

    @Override
    public void save(String owner, String serverId, TokenSet tokens) {
        Objects.requireNonNull(tokens, "tokens");
        ServerRowId id = new ServerRowId(owner, serverId);
        tx.upsert("save tokens", TokenEntity.class, id, () -> new TokenEntity(id), row -> row.fill(tokens, cipher));
    }

    @Override
    public boolean replace(String owner, String serverId, TokenSet expected, TokenSet next) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(next, "next");
        ServerRowId id = new ServerRowId(owner, serverId);
        return tx.run("replace tokens", em -> {
            TokenEntity row = em.find(TokenEntity.class, id);
            if (row == null || !row.toTokens(cipher).equals(expected)) {
                return false;
            }
            String readRevision = row.revision();
            em.detach(row);
            TokenEntity replacement = new TokenEntity(id);
            replacement.fill(next, cipher);
            return replacement.overwriteIfRevision(em, readRevision) == 1;
        });
    }

    @Override
    public void delete(String owner, String serverId) {
        ServerRowId id = new ServerRowId(owner, serverId);
        tx.run("delete tokens", em -> deleteRow(em, id));
    }

    static int deleteRow(EntityManager em, ServerRowId id) {
        return em.createQuery("delete from McpToken t where t.id.owner = :owner and t.id.serverId = :serverId")
                .setParameter("owner", id.owner()).setParameter("serverId", id.serverId()).executeUpdate();
    }
}
