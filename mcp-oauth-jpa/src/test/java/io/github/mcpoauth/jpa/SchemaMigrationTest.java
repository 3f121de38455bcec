package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.store.SharedClient;
import io.github.mcpoauth.store.StoredServer;
import io.github.mcpoauth.store.TokenSet;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema is created once, kept across restarts, and upgraded in order without losing data. */
class SchemaMigrationTest {

    static final SchemaMigrator.Migration TEST_NEXT = new SchemaMigrator.Migration(5, "add_note", "db-test");

    /** This release's migrations and then a test-only one. */
    static List<SchemaMigrator.Migration> withTestMigration() {
        List<SchemaMigrator.Migration> all = new java.util.ArrayList<>(SchemaMigrator.MIGRATIONS);
        all.add(TEST_NEXT);
        return all;
    }

    @TempDir
    Path dataDir;

    @Test
    void dataWrittenAtVersionOneIsIntactAfterReopening() throws Exception {
        StoredServer server = Samples.server("alice", "s1");
        TokenSet tokens = Samples.tokens("a");
        ClientRegistration registration = Samples.registration("client-1");
        PendingAuthorization pending = Samples.pending("state-1", "alice", "s1");
        try (JpaMcpStore first = EmbeddedH2.open(dataDir)) {
            first.servers().save(server);
            first.tokens().save("alice", "s1", tokens);
            first.registrations().save("alice", "s1", registration);
            first.pendingAuthorizations().save(pending);
        }

        try (JpaMcpStore second = EmbeddedH2.open(dataDir)) {
            assertEquals(Optional.of(server), second.servers().find("alice", "s1"));
            assertEquals(Optional.of(tokens), second.tokens().find("alice", "s1"));
            assertEquals(Optional.of(registration), second.registrations().find("alice", "s1"));
            assertEquals(Optional.of(pending), second.pendingAuthorizations().find("state-1"));
        }
        try (Connection c = EmbeddedH2.connect(dataDir)) {
            assertEquals(List.of("1 init", "2 iss_required", "3 registered_client", "4 dpop"), versions(c));
        }
    }

    @Test
    void aVersionOneDatabaseUpgradesToTwoKeepingItsPendingAuthorizationsLenient() throws Exception {
        PendingAuthorization pending = Samples.pending("state-1", "alice", "s1");
        try (JpaMcpStore store = EmbeddedH2.open(dataDir)) {
            store.pendingAuthorizations().save(pending);
        }
        try (Connection c = EmbeddedH2.connect(dataDir); java.sql.Statement s = c.createStatement()) {
            // back to what version 1 left behind: no iss_required column, version 2 not recorded
            s.execute("ALTER TABLE mcp_oauth_pending_authorization DROP COLUMN iss_required");
            s.execute("ALTER TABLE mcp_oauth_pending_authorization DROP COLUMN dpop_alg");
            s.execute("ALTER TABLE mcp_oauth_token DROP COLUMN dpop_key_enc");
            s.execute("DROP TABLE mcp_oauth_registered_client");
            s.execute("DROP INDEX mcp_oauth_client_registration_client");
            s.execute("DELETE FROM " + SchemaMigrator.VERSION_TABLE + " WHERE version >= 2");
        }

        try (JpaMcpStore upgraded = EmbeddedH2.open(dataDir)) {
            PendingAuthorization found = upgraded.pendingAuthorizations().find("state-1").orElseThrow();
            assertEquals(pending, found);
            assertEquals(false, found.issuerRequired());
        }
        try (Connection c = EmbeddedH2.connect(dataDir)) {
            assertEquals(List.of("1 init", "2 iss_required", "3 registered_client", "4 dpop"), versions(c));
        }
    }

    @Test
    void aVersionThreeDatabaseUpgradesToDpopKeepingItsBearerTokensAndPendingAuthorizations() throws Exception {
        TokenSet bearer = new TokenSet("access-a", "refresh-a", "Bearer", Samples.T0.plusSeconds(60), "read",
                Samples.T0);
        PendingAuthorization pending = Samples.pending("state-1", "alice", "s1");
        try (JpaMcpStore store = EmbeddedH2.open(dataDir)) {
            store.tokens().save("alice", "s1", bearer);
            store.pendingAuthorizations().save(pending);
        }
        try (Connection c = EmbeddedH2.connect(dataDir); Statement s = c.createStatement()) {
            // back to what version 3 left behind
            s.execute("ALTER TABLE mcp_oauth_pending_authorization DROP COLUMN dpop_alg");
            s.execute("ALTER TABLE mcp_oauth_token DROP COLUMN dpop_key_enc");
            s.execute("DELETE FROM " + SchemaMigrator.VERSION_TABLE + " WHERE version = 4");
        }

        try (JpaMcpStore upgraded = EmbeddedH2.open(dataDir)) {
            TokenSet found = upgraded.tokens().find("alice", "s1").orElseThrow();
            assertEquals(bearer, found);
            assertEquals(null, found.dpopKey());
            assertEquals(null, upgraded.pendingAuthorizations().find("state-1").orElseThrow().dpopAlgorithm());
            TokenSet bound = Samples.tokens("b");
            upgraded.tokens().save("alice", "s2", bound);
            assertEquals(Optional.of(bound), upgraded.tokens().find("alice", "s2"));
        }
        try (Connection c = EmbeddedH2.connect(dataDir)) {
            assertEquals(List.of("1 init", "2 iss_required", "3 registered_client", "4 dpop"), versions(c));
        }
    }

    @Test
    void aVersionTwoDatabaseUpgradesToSharedRegistrationsKeepingEachServersRegistration() throws Exception {
        ClientRegistration registration = Samples.registration("client-1");
        try (JpaMcpStore store = EmbeddedH2.open(dataDir)) {
            store.registrations().save("alice", "s1", registration);
        }
        try (Connection c = EmbeddedH2.connect(dataDir); Statement s = c.createStatement()) {
            // back to what version 2 left behind
            s.execute("DROP TABLE mcp_oauth_registered_client");
            s.execute("DROP INDEX mcp_oauth_client_registration_client");
            s.execute("ALTER TABLE mcp_oauth_pending_authorization DROP COLUMN dpop_alg");
            s.execute("ALTER TABLE mcp_oauth_token DROP COLUMN dpop_key_enc");
            s.execute("DELETE FROM " + SchemaMigrator.VERSION_TABLE + " WHERE version >= 3");
        }

        SharedClient shared = Samples.registeredClient("key-1", "client-1");
        try (JpaMcpStore upgraded = EmbeddedH2.open(dataDir)) {
            assertEquals(Optional.of(registration), upgraded.registrations().find("alice", "s1"));
            assertEquals(shared, upgraded.registrations().saveRegisteredIfAbsent(shared));
            assertTrue(upgraded.registrations().inUse(registration.issuer(), "client-1"));
        }
        try (Connection c = EmbeddedH2.connect(dataDir)) {
            assertEquals(List.of("1 init", "2 iss_required", "3 registered_client", "4 dpop"), versions(c));
        }
    }

    @Test
    void aLaterMigrationRunsInOrderAndKeepsEveryRow() throws Exception {
        try (JpaMcpStore store = EmbeddedH2.open(dataDir)) {
            store.servers().save(Samples.server("alice", "s1"));
            store.servers().save(Samples.server("bob", "s2"));
        }

        try (Connection c = EmbeddedH2.connect(dataDir)) {
            SchemaMigrator upgrade = new SchemaMigrator(SqlDialect.H2, withTestMigration());
            assertEquals(5, upgrade.migrate(c));
            assertEquals(5, upgrade.migrate(c), "applying again changes nothing");
            assertEquals(List.of("1 init", "2 iss_required", "3 registered_client", "4 dpop", "5 add_note"),
                    versions(c));
            assertEquals(List.of("migrated", "migrated"), column(c, "SELECT note FROM mcp_oauth_server ORDER BY owner"));
        }
    }

    @Test
    void aSchemaNewerThanThisReleaseStopsStartupAndKeepsTheData() throws Exception {
        try (JpaMcpStore store = EmbeddedH2.open(dataDir)) {
            store.servers().save(Samples.server("alice", "s1"));
        }
        try (Connection c = EmbeddedH2.connect(dataDir)) {
            new SchemaMigrator(SqlDialect.H2, withTestMigration()).migrate(c);
        }

        McpOAuthException e = assertThrows(McpOAuthException.class, () -> EmbeddedH2.open(dataDir));

        assertEquals(McpOAuthException.Code.UNAVAILABLE, e.code());
        assertEquals("MCP OAuth store: the database schema is at version 5, newer than this mcp-oauth-jpa knows (4); "
                + "deploy the mcp-oauth-jpa that upgraded it, or a newer one", e.getMessage());
        try (Connection c = EmbeddedH2.connect(dataDir)) {
            assertEquals(List.of("alice"), column(c, "SELECT owner FROM mcp_oauth_server"));
        }
    }

    @Test
    void everyMigrationHasAScriptForEveryDialect() {
        for (SchemaMigrator.Migration migration : SchemaMigrator.MIGRATIONS) {
            for (SqlDialect dialect : SqlDialect.values()) {
                assertNotNull(getClass().getClassLoader().getResource(migration.resource(dialect)), migration.resource(dialect));
            }
        }
    }

    @Test
    void scriptsSplitAtSemicolonsThatEndALineAndSkipComments() {
        assertEquals(List.of("CREATE TABLE a (\n  x INT\n)", "INSERT INTO a VALUES (1)"),
                SchemaMigrator.statements("-- comment;\nCREATE TABLE a (\n  x INT\n);\n\nINSERT INTO a VALUES (1);\n"));
        assertTrue(SchemaMigrator.statements("-- only a comment\n").isEmpty());
    }

    static List<String> versions(Connection c) throws SQLException {
        return column(c, "SELECT version || ' ' || name FROM " + SchemaMigrator.VERSION_TABLE + " ORDER BY version");
    }

    static List<String> column(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
