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

    /**
     * Saves {@code pending} in place of every other pending authorization of its owner and server:
     * starting a new authorization (a reconnect, say) retires the earlier ones, so an older
     * {@code authUrl} no longer completes and reconnects do not pile up valid states. The default
     * deletes, then saves; a store that can should do both in one transaction.
     */
    default void saveReplacing(PendingAuthorization pending) {
        deleteFor(pending.owner(), pending.serverId());
        save(pending);
    }

    /** Removes expired entries; returns how many. */
    int purgeExpired(Instant now);
}
