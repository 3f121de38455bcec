package io.github.mcpoauth.jpa;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.store.OutageLog;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.SessionFactory;
import org.hibernate.exception.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs store operations, reads included, each in its own resource-local transaction with its own
 * entity manager, and turns every failure into a {@link McpOAuthException} (see {@link StoreFailures}).
 *
 * <p>An operation that fails because its connection is gone (the database restarted, or a pooled
 * connection was cut) runs once more on a fresh connection after the pool is renewed. Every
 * operation may run twice: upserts and deletes are idempotent; in the rare case that a lost
 * connection had already committed, a repeated compare-and-set or consume answers "not
 * matched", which callers already handle as losing a race.
 *
 * <p>While the database stays unreachable, failures go to one {@link OutageLog}: a WARN when the
 * outage starts, a reminder a minute, an INFO at the first operation that works again; meanwhile
 * a failed operation is not run again, since a second connection would fail as the first did.
 */
final class Transactions {

    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    private final SessionFactory sessions;
    private final Database database;
    private final OutageLog outage;

    Transactions(EntityManagerFactory factory, Database database) {
        this.sessions = Objects.requireNonNull(factory, "factory").unwrap(SessionFactory.class);
        this.database = Objects.requireNonNull(database, "database");
        this.outage = StoreFailures.outageLog(database.description());
    }

    /** When the ongoing outage of the database started; empty when there is none. */
    Optional<Instant> unavailableSince() {
        return outage.since();
    }

    /**
     * Runs {@code work} in a transaction and commits it.
     *
     * @param what the operation, for messages, e.g. "save tokens"
     */
    <T> T run(String what, Function<EntityManager, T> work) {
        try {
            return attemptTwiceOnLostConnection(what, work);
        } catch (McpOAuthException e) {
            throw e;
        } catch (RuntimeException e) {
            throw StoreFailures.failed(what, database.description(), e, outage);
        }
    }

    /**
     * Inserts or replaces one row: fills the row with that id if there is one, else a new row from
     * {@code newRow}. Runs once more if it lost an insert race on the primary key, so that it then
     * replaces the row another caller or node inserted first.
     */
    <E> void upsert(String what, Class<E> type, Object id, Supplier<E> newRow, Consumer<E> fill) {
        runRetryingInsertRace(what, em -> {
            E row = em.find(type, id);
            if (row == null) {
                row = newRow.get();
                fill.accept(row);
                em.persist(row);
            } else {
                fill.accept(row);
            }
            return null;
        });
    }

    /**
     * The row with that id, inserting {@code newRow} first when there is none. Runs once more if
     * it lost an insert race on the primary key, and then returns the row the winner inserted.
     */
    <E> E insertIfAbsent(String what, Class<E> type, Object id, Supplier<E> newRow) {
        return runRetryingInsertRace(what, em -> {
            E row = em.find(type, id);
            if (row == null) {
                row = newRow.get();
                em.persist(row);
            }
            return row;
        });
    }

    private <T> T runRetryingInsertRace(String what, Function<EntityManager, T> work) {
        try {
            return attemptTwiceOnLostConnection(what, work);
        } catch (McpOAuthException e) {
            throw e;
        } catch (RuntimeException e) {
            if (StoreFailures.find(e, ConstraintViolationException.class) == null) {
                throw StoreFailures.failed(what, database.description(), e, outage);
            }
            return run(what, work);
        }
    }

    private <T> T attemptTwiceOnLostConnection(String what, Function<EntityManager, T> work) {
        T result;
        try {
            result = attempt(work);
        } catch (RuntimeException e) {
            if (!StoreFailures.isConnectionFailure(e) || outage.ongoing()) {
                throw e; // during an outage, a second connection would fail as the first did
            }
            LOG.info("MCP OAuth store: lost the connection to {} during '{}'; retrying once on a new one ({})",
                    database, what, e.toString());
            database.onConnectionLost().run();
            result = attempt(work);
        }
        outage.succeeded();
        return result;
    }

    /**
     * Store calls also arrive on shared pool threads (HTTP client and fork-join continuations) whose
     * context class loader is not the web application's; Hibernate resolves classes through it, so
     * each transaction runs with this module's loader and restores the caller's afterwards.
     */
    private <T> T attempt(Function<EntityManager, T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader callers = thread.getContextClassLoader();
        thread.setContextClassLoader(Transactions.class.getClassLoader());
        try {
            return attemptInTransaction(work);
        } finally {
            thread.setContextClassLoader(callers);
        }
    }

    /**
     * Takes the connection from the pool itself and hands it to Hibernate: Hibernate logs a WARN and
     * an ERROR line for every connection it fails to get, which during an outage would be lines per
     * call; a failure here goes to the {@link OutageLog} instead.
     */
    private <T> T attemptInTransaction(Function<EntityManager, T> work) {
        Connection connection;
        try {
            connection = database.dataSource().getConnection();
        } catch (SQLException e) {
            throw new NoConnectionException(e);
        }
        try {
            return attemptInTransaction(connection, work);
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("MCP OAuth store: could not give a connection back to the pool: {}", e.toString());
            }
        }
    }

    private <T> T attemptInTransaction(Connection connection, Function<EntityManager, T> work) {
        EntityManager em = sessions.withOptions().connection(connection).openSession();
        try {
            EntityTransaction tx = em.getTransaction();
            try {
                tx.begin();
                T result = work.apply(em);
                tx.commit();
                return result;
            } catch (RuntimeException e) {
                rollbackQuietly(tx, e);
                throw e;
            }
        } finally {
            em.close();
        }
    }

    private static void rollbackQuietly(EntityTransaction tx, RuntimeException cause) {
        try {
            if (tx != null && tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** The pool could not give a connection. */
    private static final class NoConnectionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoConnectionException(SQLException cause) {
            super("no connection: " + cause.getMessage(), cause);
        }
    }
}
