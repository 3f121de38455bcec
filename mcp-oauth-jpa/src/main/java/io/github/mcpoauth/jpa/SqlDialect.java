package io.github.mcpoauth.jpa;

import java.util.Locale;
import java.util.Optional;

/**
 * The databases this store has schema scripts for: where the scripts live and how to keep two
 * nodes from migrating at the same time. (Hibernate detects its dialect by itself.)
 */
enum SqlDialect {
    H2("h2", null),
    /** A transaction-scoped advisory lock; the number is this module's, arbitrary but fixed. */
    POSTGRESQL("postgresql", "SELECT pg_advisory_xact_lock(7316289450122)");

    private final String scriptDir;
    private final String migrationLock;

    SqlDialect(String scriptDir, String migrationLock) {
        this.scriptDir = scriptDir;
        this.migrationLock = migrationLock;
    }

    /** The dialect of a database product name from JDBC metadata, if supported. */
    static Optional<SqlDialect> ofProduct(String productName) {
        String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (name.equals("h2")) {
            return Optional.of(H2);
        }
        if (name.equals("postgresql")) {
            return Optional.of(POSTGRESQL);
        }
        return Optional.empty();
    }

    /** The folder of this dialect's migrations below their root, e.g. {@code h2}. */
    String scriptDir() {
        return scriptDir;
    }

    /**
     * A statement that serializes migrations across nodes until the transaction ends. H2 needs none:
     * its embedded file is locked by one process.
     */
    Optional<String> migrationLock() {
        return Optional.ofNullable(migrationLock);
    }
}
