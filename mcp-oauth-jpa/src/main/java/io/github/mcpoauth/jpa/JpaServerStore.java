package io.github.mcpoauth.jpa;

import io.github.mcpoauth.store.ServerStore;
import io.github.mcpoauth.store.StoredServer;
import jakarta.persistence.EntityManager;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link ServerStore} on {@code mcp_oauth_server}. */
final class JpaServerStore implements ServerStore {

    /** Sorted here rather than by the database, whose collation may order ids differently. */
    private static final Comparator<StoredServer> OLDEST_FIRST =
            Comparator.comparing(StoredServer::createdAt).thenComparing(StoredServer::id);

    private final Transactions tx;
    private final TokenCipher cipher;

    JpaServerStore(Transactions tx, TokenCipher cipher) {
        this.tx = tx;
        this.cipher = cipher;
    }

    @Override
    public void save(StoredServer server) {
        Objects.requireNonNull(server, "server");
        ServerRowId id = new ServerRowId(server.owner(), server.id());
        tx.upsert("save server", ServerEntity.class, id, () -> new ServerEntity(id), row -> row.fill(server, cipher));
    }

    @Override
    public Optional<StoredServer> find(String owner, String id) {
        ServerRowId key = new ServerRowId(owner, id);
        return tx.run("read server", em -> Optional.ofNullable(em.find(ServerEntity.class, key)).map(r -> r.toServer(cipher)));
    }

    @Override
    public List<StoredServer> list(String owner) {
        Objects.requireNonNull(owner, "owner");
        return tx.run("list servers", em -> em.createQuery("select s from McpServer s where s.id.owner = :owner", ServerEntity.class)
                .setParameter("owner", owner)
                .getResultStream().map(r -> r.toServer(cipher)).sorted(OLDEST_FIRST).toList());
    }

    @Override
    public Totals totals() {
        return tx.run("count servers", em -> {
            Object[] row = em.createQuery("select count(s), count(distinct s.id.owner) from McpServer s", Object[].class)
                    .getSingleResult();
            return new Totals(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
        });
    }

    @Override
    public boolean delete(String owner, String id) {
        ServerRowId key = new ServerRowId(owner, id);
        return tx.run("delete server", em -> deleteRow(em, key) > 0);
    }

    static int deleteRow(EntityManager em, ServerRowId key) {
        return em.createQuery("delete from McpServer s where s.id.owner = :owner and s.id.serverId = :serverId")
                .setParameter("owner", key.owner()).setParameter("serverId", key.serverId()).executeUpdate();
    }
}
