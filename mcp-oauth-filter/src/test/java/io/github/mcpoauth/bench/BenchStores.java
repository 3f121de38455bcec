package io.github.mcpoauth.bench;

import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.InMemoryMcpStore;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.McpStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The store the restore section uses: {@code memory} (a new {@link InMemoryMcpStore}, which only
 * lives as long as its object, so "reopening" hands back the same one) or {@code jpa} (the JPA
 * store with embedded H2 in a directory of its own under the report's directory, opened through
 * {@link McpStores} as an application would; {@code scripts/bench} puts {@code mcp-oauth-jpa} on
 * the classpath).
 */
final class BenchStores {

    private final String kind;
    private final Path dataDir;
    private InMemoryMcpStore memory;

    private BenchStores(String kind, Path dataDir) {
        this.kind = kind;
        this.dataDir = dataDir;
    }

    /** A fresh, empty store named {@code name}; anything left by an earlier run is deleted. */
    static BenchStores fresh(String kind, Path out, String name) throws IOException {
        if (!kind.equals("memory") && !kind.equals("jpa")) {
            throw new IllegalArgumentException("--store must be memory or jpa, not " + kind);
        }
        Path dir = out.resolve("store-" + name);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(file);
                }
            }
        }
        return new BenchStores(kind, dir);
    }

    String describe() {
        return kind.equals("jpa") ? "JPA store, embedded H2" : "in-memory store";
    }

    /** Opens the store; closing what this returns keeps the data of a JPA store for the next open. */
    McpStore open() {
        if (kind.equals("memory")) {
            if (memory == null) {
                memory = new InMemoryMcpStore();
            }
            return memory;
        }
        return McpStores.open(McpOAuthConfig.fromMap(Map.of("mcp.oauth.callback-url", JavaFlows.CALLBACK,
                "mcp.oauth.store", "jpa", "mcp.oauth.data-dir", dataDir.toAbsolutePath().toString())), null);
    }
}
