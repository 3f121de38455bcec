package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.Test;

/**
 * When Hibernate cannot start, the store names the real cause: the Hibernate ORM and the Jakarta
 * Persistence API in use, where each was loaded from, and the underlying message. It blames the
 * schema only when schema validation is what failed. The case WildFly 39 produced with a Hibernate
 * built for Jakarta Persistence 3.2 is replayed with the same facts.
 */
class PersistenceRuntimeTest {

    private static final String DATABASE = "embedded H2 database /data/mcp-oauth.mv.db";

    @Test
    void reportsTheApiAndTheHibernateThisStoreRunsWith() {
        PersistenceRuntime runtime = PersistenceRuntime.of(JpaMcpStore.class.getClassLoader());

        assertEquals("3.1.0", runtime.apiVersion());
        assertTrue(runtime.apiSource().contains("jakarta.persistence-api-3.1.0.jar"), runtime.apiSource());
        assertFalse(runtime.api32());
        assertTrue(runtime.hibernateVersion().startsWith("6.6."), runtime.hibernateVersion());
        assertTrue(runtime.hibernateSource().contains("hibernate-core-6.6."), runtime.hibernateSource());
        assertTrue(runtime.missingApi().isEmpty(), "Hibernate 6.6 runs on the 3.1 API");
    }

    @Test
    void readsWhatAnotherClassLoaderServes() throws Exception {
        Path otherApi = Path.of(System.getProperty("jpa.other.api.jar"));
        assertTrue(Files.isRegularFile(otherApi), "run through Maven: " + otherApi);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {otherApi.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            PersistenceRuntime runtime = PersistenceRuntime.of(loader);

            assertEquals("3.2.0", runtime.apiVersion());
            assertTrue(runtime.api32());
            assertTrue(runtime.apiSource().startsWith(otherApi.toUri().toURL() + ", class loader " + loader), runtime.apiSource());
            assertEquals("not visible", runtime.hibernateVersion());
        }
    }

    @Test
    void aHibernateNewerThanTheApiLoadedFirstIsNamedWithBothLocationsAndTheUnderlyingMessage() {
        // what WildFly 39 showed: its own 3.1 API ahead of WEB-INF/lib, a bundled Hibernate 7
        PersistenceRuntime runtime = new PersistenceRuntime("3.1.0",
                "jar:file:/opt/wildfly/modules/system/layers/base/jakarta/persistence/api/main/jakarta.persistence-api-3.1.0.jar!/",
                false, "7.4.13.Final", "vfs:/content/app.war/WEB-INF/lib/hibernate-core-7.4.13.Final.jar");
        RuntimeException failure = new IllegalStateException("Could not build the metadata",
                new IllegalArgumentException("Unknown annotation attribute named check on jakarta.persistence.Table"));

        McpOAuthException e = StoreFailures.hibernateFailed(DATABASE, runtime, failure);

        String message = e.getMessage();
        assertEquals(McpOAuthException.Code.UNAVAILABLE, e.code());
        assertTrue(message.startsWith("MCP OAuth store unavailable: Hibernate could not start for " + DATABASE), message);
        assertTrue(message.contains("IllegalArgumentException: Unknown annotation attribute named check on jakarta.persistence.Table"),
                message);
        assertTrue(message.contains("Hibernate ORM 7.4.13.Final (from vfs:/content/app.war/WEB-INF/lib/hibernate-core-7.4.13.Final.jar)"),
                message);
        assertTrue(message.contains("Jakarta Persistence API 3.1.0 (3.1 or earlier) (from jar:file:/opt/wildfly/modules/"),
                message);
        assertTrue(message.contains("needs Jakarta Persistence 3.2, but an older API was loaded first"), message);
        assertFalse(message.toLowerCase(java.util.Locale.ROOT).contains("schema"), message);
    }

    @Test
    void onlyAFailedSchemaValidationBlamesTheSchema() {
        PersistenceRuntime runtime = PersistenceRuntime.of(JpaMcpStore.class.getClassLoader());
        RuntimeException failure = new IllegalStateException("Unable to build Hibernate SessionFactory",
                new SchemaManagementException("Schema-validation: missing column [note] in table [mcp_oauth_server]"));

        McpOAuthException e = StoreFailures.hibernateFailed(DATABASE, runtime, failure);

        assertEquals("MCP OAuth store unavailable: the schema of " + DATABASE + " does not match this mcp-oauth-jpa"
                + " (Schema-validation: missing column [note] in table [mcp_oauth_server])", e.getMessage());
    }
}
