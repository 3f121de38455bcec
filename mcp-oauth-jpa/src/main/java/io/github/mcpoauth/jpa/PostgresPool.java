package io.github.mcpoauth.jpa;

import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * A small pool of PostgreSQL connections: H2's {@link JdbcConnectionPool} over the driver's own
 * {@link PGConnectionPoolDataSource}. Kept in its own class because the driver is an optional
 * dependency: this class loads only when a {@code jdbc:postgresql:} URL is configured.
 */
final class PostgresPool {

    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final int SOCKET_TIMEOUT_SECONDS = 60;

    private PostgresPool() {
    }

    static JdbcConnectionPool create(String url, String user, String password, int maxConnections) {
        PGConnectionPoolDataSource source = new PGConnectionPoolDataSource();
        source.setURL(url);
        if (user != null) {
            source.setUser(user);
        }
        if (password != null) {
            source.setPassword(password);
        }
        source.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        source.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
        source.setTcpKeepAlive(true);
        source.setApplicationName("mcp-oauth-jpa");
        JdbcConnectionPool pool = JdbcConnectionPool.create(source);
        pool.setMaxConnections(maxConnections);
        return pool;
    }
}
