package io.github.mcpoauth.store;

import java.time.Instant;
import java.util.Optional;

/**
 * The storage SPI: four small stores behind one handle. {@link McpStoreProvider}s create them; the
 * in-memory one ships here and the JPA one in {@code mcp-oauth-jpa}. Every implementation passes the
 * same contract test suite.
 */
public interface McpStore extends AutoCloseable {

    ServerStore servers();

    TokenStore tokens();

    ClientRegistrationStore registrations();

    PendingAuthorizationStore pendingAuthorizations();

    /** Deletes a server and everything that belongs to it. */
    default void deleteServerCascade(String owner, String serverId) {
        pendingAuthorizations().deleteFor(owner, serverId);
        tokens().delete(owner, serverId);
        registrations().delete(owner, serverId);
        servers().delete(owner, serverId);
    }

    /**
     * Runs {@code task} once the store can answer: at once when it is open (the default), later on
     * the store's own thread when it started without its database and is waiting for it (an embedded
     * database a previous deployment still holds during a hot redeploy), never when it gives up or
     * closes first. The task must be short; hand longer work to an executor.
     */
    default void whenAvailable(Runnable task) {
        task.run();
    }

    /**
     * Confirms that the store can answer now, as cheaply as it can (one trivial query for a database,
     * never a scan), or throws ({@code UNAVAILABLE}) when it cannot. May block: the health summary
     * runs it on the service's blocking threads and waits a bounded time. The default, for stores in
     * memory, does nothing.
     */
    default void check() {
    }

    /**
     * Since when the store has been unavailable, when it is now (from its {@link OutageLog}); empty
     * when it is available or does not track outages (the default).
     */
    default Optional<Instant> unavailableSince() {
        return Optional.empty();
    }

    @Override
    default void close() {
    }
}
