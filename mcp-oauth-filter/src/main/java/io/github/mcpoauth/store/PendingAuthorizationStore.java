package io.github.mcpoauth.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Persists authorizations in flight, keyed by their {@code state}. Because they live in the store,
 * a callback completes after a restart or on another node sharing the database.
 * Implementations are thread-safe.
 */
public interface PendingAuthorizationStore {

    void save(PendingAuthorization pending);

    /** Looks without consuming, so a callback can be checked before anything changes. */
    Optional<PendingAuthorization> find(String state);

    /**
     * Atomically removes and returns the pending authorization. Of many concurrent calls with the
     * same state, exactly one gets it.
     */
    Optional<PendingAuthorization> consume(String state);

    /** The newest pending authorization of a server, if any. */
    Optional<PendingAuthorization> latest(String owner, String serverId);

    /** Removes every pending authorization of a server. */
    void deleteFor(String owner, String serverId);

    /** Removes expired entries; returns how many. */
    int purgeExpired(Instant now);
}
