package io.github.mcpoauth.jpa;

import io.github.mcpoauth.McpOAuthException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.util.Objects;
import java.util.function.Function;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Runs store operations, reads included, each in its own resource-local transaction with its own
 * entity manager, and turns every failure into a {@link McpOAuthException} (see {@link StoreFailures}).
 */
final class Transactions {

    private final EntityManagerFactory factory;
    private final String database;

    Transactions(EntityManagerFactory factory, String database) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Runs {@code work} in a transaction and commits it.
     *
     * @param what the operation, for messages, e.g. "save tokens"
     */
    <T> T run(String what, Function<EntityManager, T> work) {
        try {
            return attempt(work);
        } catch (McpOAuthException e) {
            throw e;
        } catch (RuntimeException e) {
            throw StoreFailures.failed(what, database, e);
        }
    }

    /**
     * As {@link #run}, once more if the first attempt lost an insert race on a primary key: an
     * insert-or-replace that found no row and then met another node's insert replaces that row.
     */
    <T> T runRetryingInsertRace(String what, Function<EntityManager, T> work) {
        try {
            return attempt(work);
        } catch (McpOAuthException e) {
            throw e;
        } catch (RuntimeException e) {
            if (StoreFailures.find(e, ConstraintViolationException.class) == null) {
                throw StoreFailures.failed(what, database, e);
            }
            return run(what, work);
        }
    }

    private <T> T attempt(Function<EntityManager, T> work) {
        EntityManager em = factory.createEntityManager();
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
}
