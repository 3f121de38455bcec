package io.github.mcpoauth.jpa;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.McpStoreContract;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The shared store contract on the embedded default: a fresh H2 file database in a temporary directory per test. */
class JpaH2StoreTest extends McpStoreContract {

    @TempDir
    Path dataDir;

    @Override
    protected McpStore newStore() {
        return JpaMcpStore.open(McpOAuthConfig.fromMap(Map.of(ConfigKey.DATA_DIR.key(), dataDir.toString())));
    }
}
