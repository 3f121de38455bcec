package io.github.mcpoauth.jpa;

import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.ClientRegistrationStore;
import io.github.mcpoauth.store.SharedClient;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ClientRegistrationStore} on {@code mcp_oauth_client_registration} (per owner's server) and
 * {@code mcp_oauth_registered_client} (the shared dynamically registered clients).
 */
final class JpaClientRegistrationStore implements ClientRegistrationStore {

    private final Transactions tx;
    private final TokenCipher cipher;

    JpaClientRegistrationStore(Transactions tx, TokenCipher cipher) {
        this.tx = tx;
        this.cipher = cipher;
    }

    @Override
    public Optional<ClientRegistration> find(String owner, String serverId) {
        ServerRowId id = new ServerRowId(owner, serverId);
        return tx.run("read client registration", em -> Optional.ofNullable(em.find(ClientRegistrationEntity.class, id))
                .map(r -> r.toRegistration(cipher)));
    }

    @Override
    public void save(String owner, String serverId, ClientRegistration registration) {
        Objects.requireNonNull(registration, "registration");
        ServerRowId id = new ServerRowId(owner, serverId);
        tx.upsert("save client registration", ClientRegistrationEntity.class, id, () -> new ClientRegistrationEntity(id),
                row -> row.fill(registration, cipher));
    }

    @Override
    public void delete(String owner, String serverId) {
        ServerRowId id = new ServerRowId(owner, serverId);
        tx.run("delete client registration", em -> deleteRow(em, id));
    }

    @Override
    public Optional<SharedClient> findRegistered(String key) {
        return tx.run("read registered client", em -> Optional.ofNullable(em.find(SharedClientEntity.class, key))
                .map(r -> r.toClient(cipher)));
    }

    @Override
    public Optional<SharedClient> findRegistered(String issuer, String clientId) {
        return tx.run("read registered client", em -> em.createQuery(
                        "select r from McpRegisteredClient r where r.clientId = :clientId and r.issuer = :issuer",
                        SharedClientEntity.class)
                .setParameter("clientId", clientId).setParameter("issuer", issuer)
                .getResultStream().findFirst().map(r -> r.toClient(cipher)));
    }

    @Override
    public SharedClient saveRegisteredIfAbsent(SharedClient client) {
        Objects.requireNonNull(client, "client");
        return tx.insertIfAbsent("save registered client", SharedClientEntity.class, client.key(),
                () -> new SharedClientEntity(client, cipher)).toClient(cipher);
    }

    /** Reads the row locked for writing, so of racing replacements on any nodes one matches. */
    @Override
    public boolean replaceRegistrationAccessToken(String key, String expected, String next) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(next, "next");
        return tx.run("replace registration access token", em -> {
            SharedClientEntity row = em.find(SharedClientEntity.class, key, LockModeType.PESSIMISTIC_WRITE);
            SharedClient current = row == null ? null : row.toClient(cipher);
            if (current == null || !expected.equals(current.registrationAccessToken())) {
                return false;
            }
            row.fill(current.withRegistrationAccessToken(next), cipher);
            return true;
        });
    }

    @Override
    public void deleteRegistered(String issuer, String clientId) {
        tx.run("delete registered client", em -> em.createQuery(
                        "delete from McpRegisteredClient r where r.clientId = :clientId and r.issuer = :issuer")
                .setParameter("clientId", clientId).setParameter("issuer", issuer).executeUpdate());
    }

    @Override
    public boolean inUse(String issuer, String clientId) {
        return tx.run("read client registrations", em -> !em.createQuery(
                        "select r.id.owner from McpClientRegistration r where r.clientId = :clientId and r.issuer = :issuer",
                        String.class)
                .setParameter("clientId", clientId).setParameter("issuer", issuer)
                .setMaxResults(1).getResultList().isEmpty());
    }

    static int deleteRow(EntityManager em, ServerRowId id) {
        return em.createQuery("delete from McpClientRegistration r where r.id.owner = :owner and r.id.serverId = :serverId")
                .setParameter("owner", id.owner()).setParameter("serverId", id.serverId()).executeUpdate();
    }
}
