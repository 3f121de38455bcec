package io.github.mcpoauth.store;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.config.McpOAuthConfigException;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the store that {@code mcp.oauth.store} asks for: {@code memory} (an {@link InMemoryMcpStore}),
 * {@code jpa} (the provider of that name found with {@link ServiceLoader}), or {@code auto} (the
 * first provider found, else memory).
 */
public final class McpStores {

    static final String JPA = "jpa";
    private static final String MEMORY = "memory";

    private static final Logger LOG = LoggerFactory.getLogger(McpStores.class);

    private McpStores() {
    }

    /**
     * @param loader where to look for {@link McpStoreProvider}s; null means this class's loader
     * @throws McpOAuthConfigException naming {@code mcp.oauth.store} when {@code jpa} is requested but absent
     */
    public static McpStore open(McpOAuthConfig config, ClassLoader loader) {
        Objects.requireNonNull(config, "config");
        ClassLoader effective = loader != null ? loader : McpStores.class.getClassLoader();
        return switch (config.store()) {
            case MEMORY -> memory("configured");
            case JPA -> {
                McpStoreProvider provider = find(effective, JPA).orElseThrow(() -> McpOAuthConfigException.forKey(
                        ConfigKey.STORE, "jpa store requested but mcp-oauth-jpa is not on the classpath"));
                yield open(provider, config, "configured");
            }
            case AUTO -> {
                Optional<McpStoreProvider> provider = ServiceLoader.load(McpStoreProvider.class, effective).stream()
                        .map(ServiceLoader.Provider::get)
                        .filter(p -> !MEMORY.equals(p.name()))
                        .findFirst();
                yield provider.isPresent()
                        ? open(provider.get(), config, "auto")
                        : memory("auto, no other store provider found");
            }
        };
    }

    private static Optional<McpStoreProvider> find(ClassLoader loader, String name) {
        return ServiceLoader.load(McpStoreProvider.class, loader).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> name.equals(p.name()))
                .findFirst();
    }

    private static McpStore open(McpStoreProvider provider, McpOAuthConfig config, String why) {
        McpStore store = Objects.requireNonNull(provider.open(config), () -> provider.name() + " provider opened no store");
        LOG.info("MCP OAuth store: {} ({}; {})", provider.name(), store.getClass().getName(), why);
        return store;
    }

    private static McpStore memory(String why) {
        LOG.info("MCP OAuth store: memory ({}); servers and tokens are lost on restart", why);
        return new InMemoryMcpStore();
    }
}
