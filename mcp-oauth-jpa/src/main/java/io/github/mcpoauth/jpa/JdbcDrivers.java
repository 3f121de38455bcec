package io.github.mcpoauth.jpa;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deregisters the JDBC drivers an application brought in its own {@code WEB-INF/lib} (H2,
 * PostgreSQL) when the store closes. A driver registers itself with {@link DriverManager}, a JVM-wide
 * registry, when its class loads; left there it keeps the application's class loader alive after
 * undeploy (containers warn of it). Drivers the container shares, loaded above the application's
 * loader, stay registered for everyone else.
 */
final class JdbcDrivers {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcDrivers.class);

    private JdbcDrivers() {
    }

    /** The loader drivers are judged by: the application's, which is the context loader at open. */
    static ClassLoader applicationLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : JdbcDrivers.class.getClassLoader();
    }

    /**
     * Deregisters every driver loaded by {@code applicationLoader} or a loader below it; nothing
     * when that is the JVM's own class path, which is never unloaded and whose drivers others use.
     */
    static void deregisterLoadedBy(ClassLoader applicationLoader) {
        if (loadedBelow(ClassLoader.getSystemClassLoader(), applicationLoader)) {
            return;
        }
        List<Driver> drivers = Collections.list(DriverManager.getDrivers());
        for (Driver driver : drivers) {
            if (loadedBelow(driver.getClass().getClassLoader(), applicationLoader)) {
                try {
                    DriverManager.deregisterDriver(driver);
                    LOG.debug("Deregistered JDBC driver {}", driver.getClass().getName());
                } catch (SQLException | SecurityException e) {
                    LOG.debug("Could not deregister JDBC driver {}: {}", driver.getClass().getName(), e.toString());
                }
            }
        }
    }

    static boolean loadedBelow(ClassLoader loader, ClassLoader ancestor) {
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l == ancestor) {
                return true;
            }
        }
        return false;
    }
}
