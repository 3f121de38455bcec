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

    @Override
    public McpStore open(McpOAuthConfig config) {
        return JpaMcpStore.open(config);
    }
}
