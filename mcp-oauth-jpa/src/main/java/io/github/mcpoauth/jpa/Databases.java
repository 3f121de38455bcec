package io.github.mcpoauth.jpa;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.config.McpOAuthConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Chooses the store's database from the configuration: a container DataSource by JNDI name
 * ({@code mcp.oauth.datasource}), a JDBC URL ({@code mcp.oauth.jdbc-url}, H2 or PostgreSQL, pooled
 * by H2's {@link JdbcConnectionPool}), or, with neither, an embedded H2 file database in
 * {@code mcp.oauth.data-dir}. Nothing connects yet.
 */
final class Databases {

    /** The embedded database's file name without H2's {@code .mv.db} suffix. */
    static final String EMBEDDED_NAME = "mcp-oauth";

    private static final int POOL_SIZE = 10;

    /** Looks up a JNDI name; the production one uses {@link javax.naming.InitialContext}. */
    @FunctionalInterface
    interface Jndi {
        Object lookup(String name) throws NamingException;
    }

    private Databases() {
    }

    static Database open(McpOAuthConfig config, Jndi jndi) {
        Optional<String> jndiName = nonBlank(config.dataSource());
        Optional<String> url = nonBlank(config.jdbcUrl());
        if (jndiName.isPresent() && url.isPresent()) {
            throw McpOAuthConfigException.forKey(ConfigKey.DATASOURCE,
                    "set either " + ConfigKey.DATASOURCE.key() + " or " + ConfigKey.JDBC_URL.key() + ", not both");
        }
        if (jndiName.isPresent()) {
            return fromJndi(jndiName.get(), jndi);
        }
        if (url.isPresent()) {
            return fromUrl(url.get(), config.jdbcUser().orElse(null), config.jdbcPassword().orElse(null));
        }
        return embedded(config.dataDirectory());
    }

    private static Database fromJndi(String name, Jndi jndi) {
        Object found = lookup(jndi, name);
        if (found == null && !name.startsWith("java:")) {
            found = lookup(jndi, "java:comp/env/" + name);
        }
        if (!(found instanceof DataSource dataSource)) {
            throw McpOAuthConfigException.forKey(ConfigKey.DATASOURCE, found == null
                    ? "no DataSource is bound at JNDI name '" + name + "'"
                    : "JNDI name '" + name + "' holds a " + found.getClass().getName() + ", not a javax.sql.DataSource");
        }
        return new Database(dataSource, "JNDI DataSource " + name, Optional.empty(), () -> { }, () -> { });
    }

    private static Object lookup(Jndi jndi, String name) {
        try {
            return jndi.lookup(name);
        } catch (NamingException e) {
            return null;
        }
    }

    private static Database fromUrl(String url, String user, String password) {
        String description = describe(url);
        if (url.startsWith("jdbc:h2:")) {
            return Database.pooled(new RenewablePool(() -> h2Pool(url, user, password)), description, Optional.empty());
        }
        if (url.startsWith("jdbc:postgresql:")) {
            try {
                return Database.pooled(new RenewablePool(() -> PostgresPool.create(url, user, password, POOL_SIZE)),
                        description, Optional.empty());
            } catch (LinkageError e) {
                throw McpOAuthConfigException.forKey(ConfigKey.JDBC_URL, "a jdbc:postgresql: URL needs the PostgreSQL JDBC "
                        + "driver (org.postgresql:postgresql) next to mcp-oauth-jpa, e.g. in WEB-INF/lib");
            }
        }
        throw McpOAuthConfigException.forKey(ConfigKey.JDBC_URL, "the JPA store supports jdbc:h2: and jdbc:postgresql: URLs, got "
                + description + "; for another database, which needs its own schema scripts, this store cannot be used");
    }

    private static Database embedded(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
        } catch (IOException e) {
            throw McpOAuthConfigException.forKey(ConfigKey.DATA_DIR, "cannot create the data directory " + dir + ": " + e);
        }
        // the store closes the database when the application stops; H2's own JVM shutdown hook
        // would close it under requests still finishing during a container's shutdown
        String url = "jdbc:h2:file:" + dir.resolve(EMBEDDED_NAME) + ";DB_CLOSE_ON_EXIT=FALSE";
        return Database.pooled(new RenewablePool(() -> h2Pool(url, "sa", "")),
                "embedded H2 database " + dir.resolve(EMBEDDED_NAME + ".mv.db"), Optional.of(dir));
    }

    private static JdbcConnectionPool h2Pool(String url, String user, String password) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, user == null ? "" : user, password == null ? "" : password);
        pool.setMaxConnections(POOL_SIZE);
        return pool;
    }

    /** The URL without its parameters and any user info, which may carry credentials. */
    static String describe(String url) {
        String bare = url.replaceAll("//[^/@?;]*@", "//");
        int cut = bare.length();
        for (char c : new char[] {'?', ';'}) {
            int at = bare.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return bare.substring(0, cut);
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::strip).filter(s -> !s.isEmpty());
    }
}
