package io.github.mcpoauth.jpa;

import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.store.PendingAuthorizationStore;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link PendingAuthorizationStore} on {@code mcp_oauth_pending_authorization}, looked up by the
 * SHA-256 of the state. {@link #consume} reads the row and then deletes it by hash: only the one
 * caller, on any node, whose delete removed the row gets the authorization.
 */
final class JpaPendingAuthorizationStore implements PendingAuthorizationStore {

    private final Transactions tx;
    private final TokenCipher cipher;

    JpaPendingAuthorizationStore(Transactions tx, TokenCipher cipher) {
        this.tx = tx;
        this.cipher = cipher;
    }

    @Override
    public void save(PendingAuthorization pending) {
        Objects.requireNonNull(pending, "pending");
        String hash = PendingAuthorizationEntity.hash(pending.state());
        tx.upsert("save pending authorization", PendingAuthorizationEntity.class, hash, () -> new PendingAuthorizationEntity(hash),
                row -> row.fill(pending, cipher));
    }

    @Override
    public Optional<PendingAuthorization> find(String state) {
        String hash = PendingAuthorizationEntity.hash(Objects.requireNonNull(state, "state"));
        return tx.run("read pending authorization", em -> Optional.ofNullable(em.find(PendingAuthorizationEntity.class, hash))
                .map(r -> r.toPending(cipher)));
    }

    @Override
    public Optional<PendingAuthorization> consume(String state) {
        String hash = PendingAuthorizationEntity.hash(Objects.requireNonNull(state, "state"));
        return tx.run("consume pending authorization", em -> {
            PendingAuthorizationEntity row = em.find(PendingAuthorizationEntity.class, hash);
            if (row == null) {
                return Optional.empty();
            }
            PendingAuthorization pending = row.toPending(cipher);
            em.detach(row);
            int deleted = em.createQuery("delete from McpPendingAuthorization p where p.stateHash = :hash")
                    .setParameter("hash", hash).executeUpdate();
            return deleted == 1 ? Optional.of(pending) : Optional.empty();
        });
    }

    @Override
    public Optional<PendingAuthorization> latest(String owner, String serverId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(serverId, "serverId");
        return tx.run("read pending authorization", em -> em.createQuery("""
                        select p from McpPendingAuthorization p where p.owner = :owner and p.serverId = :serverId
                        order by p.createdAt desc, p.stateHash""", PendingAuthorizationEntity.class)
                .setParameter("owner", owner).setParameter("serverId", serverId)
                .setMaxResults(1)
                .getResultStream().findFirst().map(r -> r.toPending(cipher)));
    }

    @Override
    public void deleteFor(String owner, String serverId) {
        ServerRowId id = new ServerRowId(owner, serverId);
        tx.run("delete pending authorizations", em -> deleteRows(em, id));
    }

    /** One transaction: the earlier rows go only if the new one is stored. */
    @Override
    public void saveReplacing(PendingAuthorization pending) {
        Objects.requireNonNull(pending, "pending");
        String hash = PendingAuthorizationEntity.hash(pending.state());
        tx.run("save pending authorization", em -> {
            deleteRows(em, new ServerRowId(pending.owner(), pending.serverId()));
            PendingAuthorizationEntity row = em.find(PendingAuthorizationEntity.class, hash);
            if (row == null) {
                row = new PendingAuthorizationEntity(hash);
                row.fill(pending, cipher);
                em.persist(row);
            } else {
                row.fill(pending, cipher);
            }
            return null;
        });
    }

    static int deleteRows(EntityManager em, ServerRowId id) {
        return em.createQuery("delete from McpPendingAuthorization p where p.owner = :owner and p.serverId = :serverId")
                .setParameter("owner", id.owner()).setParameter("serverId", id.serverId()).executeUpdate();
    }

    @Override
    public int purgeExpired(Instant now) {
        Objects.requireNonNull(now, "now");
        return tx.run("purge expired pending authorizations", em -> em.createQuery(
                        "delete from McpPendingAuthorization p where p.expiresAt <= :now")
                .setParameter("now", now).executeUpdate());
    }
}
