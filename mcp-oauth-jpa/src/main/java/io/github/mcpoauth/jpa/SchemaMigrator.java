package io.github.mcpoauth.jpa;

import io.github.mcpoauth.McpOAuthException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the schema with versioned scripts, {@code db/<dialect>/V<n>__<name>.sql},
 * applied in order in one transaction and recorded in {@code mcp_oauth_schema_version}. Scripts are
 * only ever added: a released one never changes, and a later one never drops data an earlier one
 * wrote. On PostgreSQL the whole upgrade is atomic and serialized across nodes by an advisory lock;
 * H2 commits each DDL statement at once, so its scripts are written to be re-runnable.
 */
final class SchemaMigrator {

    /** One script, found at {@code <root>/<dialect>/V<version>__<name>.sql} on the classpath. */
    record Migration(int version, String name, String root) {

        Migration(int version, String name) {
            this(version, name, "db");
        }

        String resource(SqlDialect dialect) {
            return root + "/" + dialect.scriptDir() + "/V" + version + "__" + name + ".sql";
        }
    }

    /** Every migration, oldest first. Append only. */
    static final List<Migration> MIGRATIONS = List.of(new Migration(1, "init"), new Migration(2, "iss_required"),
            new Migration(3, "registered_client"), new Migration(4, "dpop"));

    static final String VERSION_TABLE = "mcp_oauth_schema_version";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private final SqlDialect dialect;
    private final List<Migration> migrations;

    SchemaMigrator(SqlDialect dialect) {
        this(dialect, MIGRATIONS);
    }

    /** With other migrations than this release's, for tests of upgrades. */
    SchemaMigrator(SqlDialect dialect, List<Migration> migrations) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.migrations = List.copyOf(migrations);
    }

    /**
     * Brings the schema to the newest version.
     *
     * @return the schema version afterwards
     * @throws McpOAuthException {@code UNAVAILABLE} when the database was migrated by a newer version of this module
     */
    int migrate(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            if (dialect.migrationLock().isPresent()) {
                statement.execute(dialect.migrationLock().get());
            }
            statement.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " (version INTEGER PRIMARY KEY, "
                    + "name VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            int current = currentVersion(statement);
            int newest = migrations.get(migrations.size() - 1).version();
            if (current > newest) {
                throw new McpOAuthException(McpOAuthException.Code.UNAVAILABLE, "MCP OAuth store: the database schema is at version "
                        + current + ", newer than this mcp-oauth-jpa knows (" + newest + "); deploy the mcp-oauth-jpa that upgraded it, or a newer one");
            }
            for (Migration migration : migrations) {
                if (migration.version() > current) {
                    apply(connection, statement, migration);
                }
            }
            connection.commit();
            return Math.max(current, newest);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static int currentVersion(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM " + VERSION_TABLE)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void apply(Connection connection, Statement statement, Migration migration) throws SQLException {
        for (String sql : statements(read(migration.resource(dialect)))) {
            statement.execute(sql);
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + VERSION_TABLE + " (version, name, applied_at) VALUES (?, ?, ?)")) {
            insert.setInt(1, migration.version());
            insert.setString(2, migration.name());
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
        LOG.info("MCP OAuth store: applied schema migration {} ({})", migration.version(), migration.resource(dialect));
    }

    private static String read(String resource) {
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema script " + resource + " is missing from mcp-oauth-jpa");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema script " + resource, e);
        }
    }

    /** Splits a script at semicolons that end a line; lines starting with {@code --} are comments. */
    static List<String> statements(String script) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                result.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            result.add(current.toString().strip());
        }
        return result;
    }
}
