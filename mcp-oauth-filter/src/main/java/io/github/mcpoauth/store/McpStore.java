package io.github.mcpoauth.store;

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

    @Override
    default void close() {
    }
}
