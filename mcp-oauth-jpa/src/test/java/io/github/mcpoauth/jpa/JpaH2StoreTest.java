package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.McpStoreContract;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared store contract on the embedded default, a fresh H2 file database in a temporary directory per test, and one race the contract leaves out. */
class JpaH2StoreTest extends McpStoreContract {

    @TempDir
    Path dataDir;

    @Override
    protected McpStore newStore() {
        return JpaMcpStore.open(McpOAuthConfig.fromMap(Map.of(ConfigKey.DATA_DIR.key(), dataDir.toString())));
    }

    /** Insert-or-replace of a row nobody had: the callers that lose the insert race replace the winner's row. */
    @Test
    void concurrentFirstSavesOfTheSameKeyAllSucceed() throws Exception {
        race(8, i -> {
            store.tokens().save("alice", "new", Samples.tokens("t" + i));
            return null;
        });

        String access = store.tokens().find("alice", "new").orElseThrow().accessToken();
        assertTrue(access.matches("access-t[0-7]"), access);
    }
}
