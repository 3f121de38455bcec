package io.github.mcpoauth.store;

import java.util.List;
import java.util.Optional;

/** Persists the servers each owner added. Implementations are thread-safe. */
public interface ServerStore {

    /** Inserts or replaces the server with the same owner and id. */
    void save(StoredServer server);

    Optional<StoredServer> find(String owner, String id);

    /** The owner's servers, oldest first. */
    List<StoredServer> list(String owner);

    /** Every owner's servers, for restoring at startup. */
    List<StoredServer> listAll();

    /** Returns whether a server was deleted. */
    boolean delete(String owner, String id);
}
