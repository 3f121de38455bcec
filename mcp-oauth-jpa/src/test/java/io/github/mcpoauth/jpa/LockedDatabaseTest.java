package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfigException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two applications on one server share a default data directory only by mistake; the second one
 * to open the embedded database is told plainly that another one holds it, where, and which key
 * moves it. The other application is simulated by H2 loaded in its own class loader, as a second
 * web application's WEB-INF/lib would be.
 */
class LockedDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void anEmbeddedDatabaseHeldByAnotherApplicationIsReportedWithTheDirectoryAndTheKey() throws Exception {
        URL h2Jar = org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader otherApp = new URLClassLoader(new URL[] {h2Jar}, ClassLoader.getPlatformClassLoader())) {
            java.sql.Driver otherH2 = (java.sql.Driver) Class.forName("org.h2.Driver", true, otherApp)
                    .getDeclaredConstructor().newInstance();
            Properties credentials = new Properties();
            credentials.setProperty("user", "sa");
            credentials.setProperty("password", "");
            try (Connection held = otherH2.connect(EmbeddedH2.url(dataDir), credentials)) {
                assertTrue(held.isValid(5));

                McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class, () -> EmbeddedH2.open(dataDir));

                assertEquals(ConfigKey.DATA_DIR.key(), e.key());
                String message = e.getMessage();
                assertTrue(message.contains("already in use by another process or another application"), message);
                assertTrue(message.contains(dataDir.toAbsolutePath().normalize().toString()), message);
                assertTrue(message.contains("give this application its own directory with mcp.oauth.data-dir"), message);
            }
        }
        try (JpaMcpStore store = EmbeddedH2.open(dataDir)) {
            assertTrue(store.servers().list("nobody").isEmpty(), "the store opens once the other one let go");
        }
    }
}
