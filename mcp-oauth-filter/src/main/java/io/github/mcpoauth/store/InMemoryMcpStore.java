package io.github.mcpoauth.store;

/**
 * A store that keeps everything in concurrent maps for the life of the JVM: nothing survives a
 * restart, and nodes do not share it. Thread-safe; for development, tests and single-node apps
 * that accept re-authorizing after a restart.
 */
public final class InMemoryMcpStore implements McpStore {

    private final ServerStore servers = new InMemoryServerStore();
    private final TokenStore tokens = new InMemoryTokenStore();
    private final ClientRegistrationStore registrations = new InMemoryClientRegistrationStore();
    private final PendingAuthorizationStore pendingAuthorizations = new InMemoryPendingAuthorizationStore();

    @Override
    public ServerStore servers() {
        return servers;
    }

    @Override
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public ClientRegistrationStore registrations() {
        return registrations;
    }

    @Override
    public PendingAuthorizationStore pendingAuthorizations() {
        return pendingAuthorizations;
    }

    @Override
    public String toString() {
        return "InMemoryMcpStore";
    }
}
