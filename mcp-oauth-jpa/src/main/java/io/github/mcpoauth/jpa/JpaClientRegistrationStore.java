package io.github.mcpoauth.jpa;

import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.ClientRegistrationStore;
import jakarta.persistence.EntityManager;
import java.util.Objects;
import java.util.Optional;

/** {@link ClientRegistrationStore} on {@code mcp_oauth_client_registration}. */
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

    static int deleteRow(EntityManager em, ServerRowId id) {
        return em.createQuery("delete from McpClientRegistration r where r.id.owner = :owner and r.id.serverId = :serverId")
                .setParameter("owner", id.owner()).setParameter("serverId", id.serverId()).executeUpdate();
    }
}
