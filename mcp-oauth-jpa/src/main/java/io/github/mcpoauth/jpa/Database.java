package io.github.mcpoauth.jpa;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The store's connection source and what to call it in messages.
 *
 * @param description names the database without credentials, e.g. {@code jdbc:postgresql://db:5432/app}
 * @param embeddedDir the embedded H2 database's directory; empty for a configured database
 * @param onConnectionLost drops pooled connections after one failed, so none that died with a
 *     database restart is used again
 * @param onClose releases what this store created (a pool); a container's DataSource is left alone
 */
record Database(DataSource dataSource, String description, Optional<Path> embeddedDir, Runnable onConnectionLost,
        Runnable onClose) implements AutoCloseable {

    Database {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(embeddedDir, "embeddedDir");
        Objects.requireNonNull(onConnectionLost, "onConnectionLost");
        Objects.requireNonNull(onClose, "onClose");
    }

    /** A pooled database whose pool this store owns. */
    static Database pooled(RenewablePool pool, String description, Optional<Path> embeddedDir) {
        return new Database(pool, description, embeddedDir, pool::renew, pool::dispose);
    }

    Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void close() {
        onClose.run();
    }

    @Override
    public String toString() {
        return description;
    }
}
