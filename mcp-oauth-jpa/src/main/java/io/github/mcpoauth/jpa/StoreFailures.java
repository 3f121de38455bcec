package io.github.mcpoauth.jpa;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfigException;
import io.github.mcpoauth.store.OutageLog;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.hibernate.exception.DataException;
import org.hibernate.exception.JDBCConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns database failures into {@link McpOAuthException}s whose message says what could not be
 * done and which database did not answer, for callers and the REST layer; the full exception goes
 * to the log, except while the database is unreachable during operation: that is an outage, logged
 * by the store's {@link OutageLog} as a few lines however many calls fail (stack traces at DEBUG).
 * Messages carry no SQL parameters, so no token or secret.
 */
final class StoreFailures {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFailures.class);

    /** The outage log of a store on {@code database}: its lines come from this class's logger. */
    static OutageLog outageLog(String database) {
        return new OutageLog(LOG, "MCP OAuth store: database " + database);
    }
    private static final int MAX_DETAIL = 300;
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private static final Set<Integer> H2_CONNECTION_ERRORS = Set.of(90098, 90067, 90121, 90020);

    private StoreFailures() {
    }

    /** The database could not be reached (at startup, or for a connection). */
    static McpOAuthException unreachable(String database, Throwable e) {
        LOG.warn("MCP OAuth store: database {} is unreachable", database, e);
        return new McpOAuthException(McpOAuthException.Code.UNAVAILABLE,
                "MCP OAuth store unavailable: cannot reach " + database + " (" + detail(e) + ")", e);
    }

    /**
     * Hibernate could not start. Only a failed schema validation is reported as a schema mismatch;
     * anything else names the Hibernate and the Jakarta Persistence API in use, where each came from,
     * and the underlying message.
     */
    static McpOAuthException hibernateFailed(String database, PersistenceRuntime runtime, Throwable e) {
        if (isConnectionFailure(e)) {
            return unreachable(database, e);
        }
        Throwable schema = findByName(e, "org.hibernate.tool.schema.spi.SchemaManagementException");
        if (schema != null) {
            LOG.error("MCP OAuth store: the schema of {} does not match this mcp-oauth-jpa", database, e);
            return new McpOAuthException(McpOAuthException.Code.UNAVAILABLE, "MCP OAuth store unavailable: the schema of "
                    + database + " does not match this mcp-oauth-jpa (" + shorten(schema.getMessage()) + ")", e);
        }
        Throwable cause = innermost(e);
        String message = "MCP OAuth store unavailable: Hibernate could not start for " + database + ": "
                + cause.getClass().getSimpleName() + ": " + shorten(cause.getMessage()) + "; running " + runtime.describe();
        LOG.error("{}", message, e);
        return new McpOAuthException(McpOAuthException.Code.UNAVAILABLE, message, e);
    }

    /**
     * The embedded database's file is held by another process or another application on the same
     * server: H2 lets one open it at a time. Says so, names the directory and the key that moves it.
     */
    static McpOAuthConfigException locked(Path dir, Throwable e) {
        McpOAuthConfigException locked = McpOAuthConfigException.forKey(ConfigKey.DATA_DIR, "the embedded H2 database in " + dir
                + " is already in use by another process or another application (only one can open it at a time);"
                + " give this application its own directory with " + ConfigKey.DATA_DIR.key()
                + " (or the environment variable " + ConfigKey.DATA_DIR.envName() + ") or stop the other one");
        locked.initCause(e);
        return locked;
    }

    /** H2's "Database may be already in use": the file lock is held elsewhere. */
    static boolean isLockedByAnother(Throwable e) {
        SQLException sql = find(e, SQLException.class);
        return sql != null && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN && sql.getClass().getName().startsWith("org.h2.");
    }

    /** An operation failed; {@code what} says which, e.g. "save tokens". */
    static McpOAuthException failed(String what, String database, Throwable e) {
        return failed(what, database, e, null);
    }

    /** As {@link #failed(String, String, Throwable)}, reporting an unreachable database to {@code outage} if given. */
    static McpOAuthException failed(String what, String database, Throwable e, OutageLog outage) {
        if (e instanceof TokenCipher.WrongKeyException) {
            LOG.error("MCP OAuth store: could not {}: {}", what, e.getMessage());
            return new McpOAuthException(McpOAuthException.Code.UNAVAILABLE, "MCP OAuth store: could not " + what
                    + ": " + e.getMessage() + "; check that every node has the same " + ConfigKey.TOKEN_KEY.key(), e);
        }
        if (isConnectionFailure(e)) {
            if (outage != null) {
                outage.failed("could not " + what + " (" + detail(e) + ")", e);
            } else {
                LOG.warn("MCP OAuth store: could not {}: database {} is unreachable", what, database, e);
            }
            return new McpOAuthException(McpOAuthException.Code.UNAVAILABLE, "MCP OAuth store unavailable: could not "
                    + what + " because " + database + " is unreachable (" + detail(e) + ")", e);
        }
        if (find(e, DataException.class) != null) {
            LOG.warn("MCP OAuth store: could not {}: a value does not fit its column", what, e);
            return new McpOAuthException(McpOAuthException.Code.INVALID_REQUEST,
                    "MCP OAuth store: could not " + what + ": a value is too long or malformed for the database", e);
        }
        LOG.error("MCP OAuth store: could not {} in {}", what, database, e);
        return new McpOAuthException(McpOAuthException.Code.UNAVAILABLE,
                "MCP OAuth store unavailable: could not " + what + " in " + database + " (see the server log)", e);
    }

    static boolean isConnectionFailure(Throwable e) {
        if (find(e, JDBCConnectionException.class) != null || find(e, SQLTransientConnectionException.class) != null
                || find(e, SQLTimeoutException.class) != null) {
            return true;
        }
        SQLException sql = find(e, SQLException.class);
        if (sql == null) {
            return false;
        }
        String state = sql.getSQLState();
        // 08: connection exceptions; 57P: the server is shutting down or starting; H2's codes for a closed
        // database, a broken connection, shutdown in progress, and a file locked by another process.
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
            return true;
        }
        return H2_CONNECTION_ERRORS.contains(sql.getErrorCode()) && sql.getClass().getName().startsWith("org.h2.");
    }

    /** The innermost SQL message, first line only and shortened; else the innermost message. */
    private static String detail(Throwable e) {
        SQLException sql = find(e, SQLException.class);
        Throwable source = sql != null ? sql : innermost(e);
        return shorten(source.getMessage() == null ? source.getClass().getSimpleName() : source.getMessage());
    }

    private static String shorten(String message) {
        String line = message == null ? "(no message)" : message.lines().findFirst().orElse("").strip();
        return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "..." : line;
    }

    private static Throwable findByName(Throwable e, String className) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                if (c.getName().equals(className)) {
                    return t;
                }
            }
        }
        return null;
    }

    private static Throwable innermost(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** The deepest throwable of that type in the cause chain, or null. */
    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        T found = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                found = type.cast(t);
            }
        }
        return found;
    }
}
