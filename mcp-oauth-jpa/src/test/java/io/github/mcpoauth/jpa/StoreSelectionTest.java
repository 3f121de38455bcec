package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.store.InMemoryMcpStore;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.McpStoreProvider;
import io.github.mcpoauth.store.McpStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With this module on the classpath, {@code mcp.oauth.store=auto} (the default) opens the JPA store. */
class StoreSelectionTest {

    @TempDir
    Path dataDir;

    @Test
    void thisModuleRegistersTheJpaProvider() {
        List<String> names = ServiceLoader.load(McpStoreProvider.class).stream().map(p -> p.get().name()).toList();

        assertEquals(List.of("jpa"), names);
    }

    @Test
    void autoWithZeroConfigOpensTheEmbeddedJpaStore() {
        try (McpStore store = McpStores.open(EmbeddedH2.config(dataDir, Map.of()), null)) {
            assertInstanceOf(JpaMcpStore.class, store);
            store.servers().save(Samples.server("alice", "s1"));
        }
        assertEquals(true, Files.exists(dataDir.resolve("mcp-oauth.mv.db")));
    }

    @Test
    void jpaAndMemoryCanBeForced() {
        try (McpStore jpa = McpStores.open(EmbeddedH2.config(dataDir, Map.of(ConfigKey.STORE.key(), "jpa")), null);
                McpStore memory = McpStores.open(EmbeddedH2.config(dataDir, Map.of(ConfigKey.STORE.key(), "memory")), null)) {
            assertInstanceOf(JpaMcpStore.class, jpa);
            assertInstanceOf(InMemoryMcpStore.class, memory);
        }
    }
}
