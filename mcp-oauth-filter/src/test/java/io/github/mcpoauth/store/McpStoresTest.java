package io.github.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.config.McpOAuthConfigException;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store selection by {@code mcp.oauth.store}. Extra providers come from a class loader built in the
 * test, so no service file leaks onto the classpath of other tests (or of this module's test-jar).
 */
class McpStoresTest {

    private static final String SERVICE_FILE = "META-INF/services/" + McpStoreProvider.class.getName();

    @TempDir
    Path dir;

    @Test
    void memoryStoreIsOpenedWhenConfigured() {
        McpStore store = McpStores.open(config("memory"), withProviders(FakeJpaProvider.class));

        assertInstanceOf(InMemoryMcpStore.class, store);
    }

    @Test
    void jpaStoreIsTheProviderNamedJpa() {
        McpStore store = McpStores.open(config("jpa"), withProviders(FakeOtherProvider.class, FakeJpaProvider.class));

        assertSame(FakeJpaProvider.STORE, store);
    }

    @Test
    void jpaWithoutTheJpaModuleFailsNamingTheStoreKey() {
        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class,
                () -> McpStores.open(config("jpa"), getClass().getClassLoader()));

        assertEquals(ConfigKey.STORE.key(), e.key());
        assertEquals("mcp.oauth.store: jpa store requested but mcp-oauth-jpa is not on the classpath", e.getMessage());
    }

    @Test
    void autoFallsBackToMemoryWhenNoOtherProviderIsPresent() {
        assertInstanceOf(InMemoryMcpStore.class, McpStores.open(config("auto"), getClass().getClassLoader()));
        assertInstanceOf(InMemoryMcpStore.class, McpStores.open(config("auto"), null));
    }

    @Test
    void autoPrefersTheFirstProviderThatIsNotMemory() {
        McpStore store = McpStores.open(config("auto"), withProviders(FakeJpaProvider.class));

        assertSame(FakeJpaProvider.STORE, store);
    }

    private static McpOAuthConfig config(String store) {
        return McpOAuthConfig.fromMap(Map.of(ConfigKey.STORE.key(), store));
    }

    /** A loader that sees this module's providers plus the given ones. */
    private ClassLoader withProviders(Class<?>... providers) {
        try {
            Path file = Files.createTempFile(dir, "providers", ".txt");
            StringBuilder lines = new StringBuilder();
            for (Class<?> provider : providers) {
                lines.append(provider.getName()).append('\n');
            }
            Files.writeString(file, lines);
            URL extra = file.toUri().toURL();
            return new ClassLoader(getClass().getClassLoader()) {
                @Override
                public Enumeration<URL> getResources(String name) throws IOException {
                    if (!name.equals(SERVICE_FILE)) {
                        return super.getResources(name);
                    }
                    List<URL> urls = Collections.list(super.getResources(name));
                    urls.add(extra);
                    return Collections.enumeration(urls);
                }
            };
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stands in for the JPA module's provider. */
    public static final class FakeJpaProvider implements McpStoreProvider {
        static final McpStore STORE = new InMemoryMcpStore();

        @Override
        public String name() {
            return "jpa";
        }

        @Override
        public McpStore open(McpOAuthConfig config) {
            return STORE;
        }
    }

    /** A provider with some other name, which a jpa request must skip. */
    public static final class FakeOtherProvider implements McpStoreProvider {
        @Override
        public String name() {
            return "other";
        }

        @Override
        public McpStore open(McpOAuthConfig config) {
            throw new AssertionError("the other provider must not be opened");
        }
    }
}
