package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.McpStoreContract;
import io.github.mcpoauth.store.PendingAuthorization;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The shared store contract on a real PostgreSQL server: {@code eval "$(scripts/postgres)"} starts a
 * throwaway one and exports the variables. Each test starts from a database without this store's
 * tables (they are dropped), so the schema scripts run every time. Beyond the contract: two stores
 * on one database behave as two app nodes, pooled connections cut by the server are replaced, and
 * a later migration applies in one transaction.
 */
@EnabledIfEnvironmentVariable(named = "MCP_OAUTH_TEST_PG_URL", matches = ".+",
        disabledReason = "no PostgreSQL: run eval \"$(scripts/postgres)\" to start one and set MCP_OAUTH_TEST_PG_URL, _USER, _PASSWORD")
public class JpaPostgresStoreTest extends McpStoreContract {

    static final String TABLES = "mcp_oauth_server, mcp_oauth_client_registration, mcp_oauth_token, "
            + "mcp_oauth_pending_authorization, mcp_oauth_registered_client, mcp_oauth_meta, mcp_oauth_schema_version";

    @Override
    protected McpStore newStore() {
        dropTables();
        return JpaMcpStore.open(config());
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

    @Test
    void aFlowStartedOnOneNodeCompletesOnTheOtherAndOnlyOnce() throws Exception {
        try (JpaMcpStore nodeB = JpaMcpStore.open(config())) {
            PendingAuthorization pending = Samples.pending("state-on-a", "alice", "s1");
            store.pendingAuthorizations().save(pending);

            List<Optional<PendingAuthorization>> consumed = race(8, i -> (i % 2 == 0 ? store : nodeB)
                    .pendingAuthorizations().consume("state-on-a"));

            assertEquals(List.of(pending), consumed.stream().flatMap(Optional::stream).toList());
            assertEquals(Optional.empty(), store.pendingAuthorizations().find("state-on-a"));
        }
    }

    @Test
    void refreshesRacingOnTwoNodesHaveExactlyOneWinner() throws Exception {
        try (JpaMcpStore nodeB = JpaMcpStore.open(config())) {
            store.tokens().save("alice", "s1", Samples.tokens("old"));

            List<Boolean> won = race(8, i -> (i % 2 == 0 ? store : nodeB).tokens()
                    .replace("alice", "s1", Samples.tokens("old"), Samples.tokens("new-" + i)));

            assertEquals(1, won.stream().filter(w -> w).count(), won.toString());
            int winner = won.indexOf(true);
            assertEquals(Optional.of(Samples.tokens("new-" + winner)), nodeB.tokens().find("alice", "s1"));
        }
    }

    @Test
    void connectionsCutByTheServerAreReplacedWithoutAFailedCall() throws Exception {
        store.tokens().save("alice", "s1", Samples.tokens("a"));
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'mcp-oauth-jpa'")) {
            rs.next();
            assertTrue(rs.getInt(1) > 0, "terminated the store's connections");
        }

        assertEquals(Optional.of(Samples.tokens("a")), store.tokens().find("alice", "s1"));
    }

    @Test
    void aLaterMigrationAppliesInOneTransactionKeepingRows() throws Exception {
        store.servers().save(Samples.server("alice", "s1"));
        try (Connection c = connect()) {
            SchemaMigrator upgrade = new SchemaMigrator(SqlDialect.POSTGRESQL,
                    SchemaMigrationTest.withTestMigration());
            assertEquals(5, upgrade.migrate(c));
            assertEquals(List.of("1 init", "2 iss_required", "3 registered_client", "4 dpop", "5 add_note"),
                    SchemaMigrationTest.versions(c));
            assertEquals(List.of("migrated"), SchemaMigrationTest.column(c, "SELECT note FROM mcp_oauth_server"));
        }
    }

    static McpOAuthConfig config() {
        return McpOAuthConfig.fromMap(Map.of(
                ConfigKey.JDBC_URL.key(), env("MCP_OAUTH_TEST_PG_URL"),
                ConfigKey.JDBC_USER.key(), env("MCP_OAUTH_TEST_PG_USER"),
                ConfigKey.JDBC_PASSWORD.key(), env("MCP_OAUTH_TEST_PG_PASSWORD"),
                ConfigKey.TOKEN_KEY.key(), TestKeys.KEY_256));
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(env("MCP_OAUTH_TEST_PG_URL"), env("MCP_OAUTH_TEST_PG_USER"),
                env("MCP_OAUTH_TEST_PG_PASSWORD"));
    }

    /** Empties the test database; the container tests share it. */
    public static void dropTables() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLES + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset the test database", e);
        }
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }
}
