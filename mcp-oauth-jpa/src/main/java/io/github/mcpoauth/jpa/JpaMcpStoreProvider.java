package io.github.mcpoauth.jpa;

import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.McpStoreProvider;

/**
 * The {@code jpa} store provider, found by {@link java.util.ServiceLoader} when this module is on
 * the classpath (so {@code mcp.oauth.store=auto} picks it); public because ServiceLoader instantiates it.
 */
public final class JpaMcpStoreProvider implements McpStoreProvider {

    /** The name {@code mcp.oauth.store} uses for this store. */
    public static final String NAME = "jpa";

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Opens the store like {@link JpaMcpStore#open}, except that an embedded database still held by
     * another deployment of this application (an in-place redeploy that starts the new context
     * first) gives a store that answers {@code UNAVAILABLE} until the old deployment lets go.
     */
    @Override
    public McpStore open(McpOAuthConfig config) {
        return AwaitedEmbeddedStore.open(config, AwaitedEmbeddedStore.WAIT, AwaitedEmbeddedStore.RETRY);
    }
}
