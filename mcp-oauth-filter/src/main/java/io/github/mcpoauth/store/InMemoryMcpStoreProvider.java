package io.github.mcpoauth.store;

import io.github.mcpoauth.config.McpOAuthConfig;

/** The {@code memory} store provider; public because {@link java.util.ServiceLoader} instantiates it. */
public final class InMemoryMcpStoreProvider implements McpStoreProvider {

    /** The name {@code mcp.oauth.store} uses for this store. */
    public static final String NAME = "memory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public McpStore open(McpOAuthConfig config) {
        return new InMemoryMcpStore();
    }
}
