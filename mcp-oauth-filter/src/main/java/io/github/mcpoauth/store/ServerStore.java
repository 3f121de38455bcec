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

    /**
     * How many servers are stored, and for how many owners: the one line start-up logs. Counts
     * without reading the servers themselves (an aggregate query, not a scan that decrypts rows),
     * because it runs while the application's first requests come in.
     */
    Totals totals();

    /** Returns whether a server was deleted. */
    boolean delete(String owner, String id);

    /** Stored servers, and the distinct owners they belong to. */
    record Totals(long servers, long owners) {
    }
}
