package io.github.mcpoauth.store;

import java.util.Optional;

/** Persists the client registration used for each owner's server. Implementations are thread-safe. */
public interface ClientRegistrationStore {

    Optional<ClientRegistration> find(String owner, String serverId);

    /** Inserts or replaces. */
    void save(String owner, String serverId, ClientRegistration registration);

    void delete(String owner, String serverId);
}
