package io.github.mcpoauth.jpa;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * H2's {@link JdbcConnectionPool}, replaceable as a whole. That pool does not test idle connections,
 * so after the database restarts each of them would fail one request; instead, the first
 * connection failure {@link #renew() renews} the pool: idle connections are closed at once,
 * connections in use are closed when returned, and new ones are opened on demand.
 */
final class RenewablePool implements DataSource {

    private final Supplier<JdbcConnectionPool> factory;
    private final AtomicReference<JdbcConnectionPool> current;

    RenewablePool(Supplier<JdbcConnectionPool> factory) {
        this.factory = factory;
        this.current = new AtomicReference<>(factory.get());
    }

    @Override
    public Connection getConnection() throws SQLException {
        while (true) {
            JdbcConnectionPool pool = current.get();
            try {
                return pool.getConnection();
            } catch (IllegalStateException disposed) {
                if (current.get() == pool) {
                    throw disposed;
                }
            }
        }
    }

    /** Replaces the pool with a new, empty one and disposes the old one. */
    void renew() {
        JdbcConnectionPool old = current.get();
        JdbcConnectionPool fresh = factory.get();
        if (current.compareAndSet(old, fresh)) {
            old.dispose();
        } else {
            fresh.dispose();
        }
    }

    void dispose() {
        current.get().dispose();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the store's pool has fixed credentials");
    }

    @Override
    public PrintWriter getLogWriter() {
        return current.get().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        current.get().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) {
        current.get().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return current.get().getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
