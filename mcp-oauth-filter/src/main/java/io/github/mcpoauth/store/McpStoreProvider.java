package io.github.mcpoauth.store;

import io.github.mcpoauth.config.McpOAuthConfig;

/**
 * Creates a {@link McpStore}; found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.github.mcpoauth.store.McpStoreProvider}.
 */
public interface McpStoreProvider {

    /** The name used by {@code mcp.oauth.store}: {@code memory}, {@code jpa}. */
    String name();

    McpStore open(McpOAuthConfig config);
}
