package io.github.mcpoauth.jpa;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.config.McpOAuthConfigException;
import io.github.mcpoauth.store.ClientRegistrationStore;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.PendingAuthorizationStore;
import io.github.mcpoauth.store.ServerStore;
import io.github.mcpoauth.store.TokenStore;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.naming.InitialContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JPA {@link McpStore}: servers, client registrations, tokens and pending authorizations in a
 * database through Hibernate, secrets encrypted at rest with AES-GCM. Thread-safe; every write is
 * one transaction. Nodes that share the database share everything, so an OAuth callback completes
 * on any node and after a restart. Every database failure reaches callers as a
 * {@link io.github.mcpoauth.McpOAuthException} with code {@code UNAVAILABLE}.
 *
 * <p>Opening: choose the database ({@link Databases}), migrate its schema ({@link SchemaMigrator}),
 * find the key ({@link TokenKeys}) and check it against the data ({@link KeyCheck}), then start
 * Hibernate with schema validation and, unless the {@link SealMark} says every value is under the
 * token key already, re-encrypt or check every stored secret ({@link Reencryption}).
 */
public final class JpaMcpStore implements McpStore {

    private static final Logger LOG = LoggerFactory.getLogger(JpaMcpStore.class);

    private final Database database;
    private final EntityManagerFactory factory;
    private final Transactions tx;
    private final ServerStore servers;
    private final TokenStore tokens;
    private final ClientRegistrationStore registrations;
    private final PendingAuthorizationStore pendingAuthorizations;
    private final ClassLoader applicationLoader = JdbcDrivers.applicationLoader();

    private JpaMcpStore(Database database, EntityManagerFactory factory, TokenCipher cipher) {
        this.database = database;
        this.factory = factory;
        this.tx = new Transactions(factory, database);
        this.servers = new JpaServerStore(tx, cipher);
        this.tokens = new JpaTokenStore(tx, cipher);
        this.registrations = new JpaClientRegistrationStore(tx, cipher);
        this.pendingAuthorizations = new JpaPendingAuthorizationStore(tx, cipher);
    }

    /**
     * Opens the store the configuration describes, creating or upgrading its schema.
     *
     * @throws McpOAuthConfigException naming the key when a value is unusable or the token key is wrong,
     *     or naming {@code mcp.oauth.data-dir} when another engine holds the embedded database (the
     *     {@link JpaMcpStoreProvider} waits for it instead, as a hot redeploy needs)
     * @throws io.github.mcpoauth.McpOAuthException {@code UNAVAILABLE} when the database cannot be reached
     */
    public static JpaMcpStore open(McpOAuthConfig config) {
        return open(config, name -> {
            InitialContext context = new InitialContext();
            try {
                return context.lookup(name);
            } finally {
                context.close();
            }
        });
    }

    static JpaMcpStore open(McpOAuthConfig config, Databases.Jndi jndi) {
        Objects.requireNonNull(config, "config");
        Database database = Databases.open(config, jndi);
        try {
            TokenCipher cipher;
            boolean sealed;
            try (Connection connection = connect(database)) {
                SqlDialect dialect = dialectOf(connection, database, config);
                int version = new SchemaMigrator(dialect).migrate(connection);
                TokenKeys.TokenKey key = TokenKeys.resolve(config, database.embeddedDir(), KeyCheck.stored(connection).isPresent());
                cipher = key.cipher();
                KeyCheck.verifyOrWrite(connection, cipher, key.source(), database.description());
                SealMark.forgetWhileRotating(connection, cipher);
                sealed = SealMark.holds(connection, cipher);
                LOG.info("MCP OAuth store: {} at schema version {}, token key id {}, previous key ids {}",
                        database, version, cipher.keyId(), cipher.previousKeyIds());
            } catch (SQLException e) {
                throw StoreFailures.isConnectionFailure(e)
                        ? StoreFailures.unreachable(database.description(), e)
                        : StoreFailures.failed("prepare the schema", database.description(), e);
            }
            EntityManagerFactory factory;
            try {
                factory = HibernateBootstrap.create(database.dataSource());
            } catch (RuntimeException | LinkageError e) {
                // LinkageError: a Hibernate built for another Jakarta Persistence API than the one loaded first
                HibernateBootstrap.release();
                throw StoreFailures.hibernateFailed(database.description(),
                        PersistenceRuntime.of(JpaMcpStore.class.getClassLoader()), e);
            }
            JpaMcpStore store = new JpaMcpStore(database, factory, cipher);
            try {
                if (!sealed) {
                    Reencryption.atOpen(store.tx, cipher, database.description());
                    recordSeal(database, cipher);
                }
            } catch (RuntimeException e) {
                factory.close();
                HibernateBootstrap.release();
                throw e;
            }
            return store;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static Connection connect(Database database) {
        try {
            return database.connect();
        } catch (SQLException e) {
            if (database.embeddedDir().isPresent() && StoreFailures.isLockedByAnother(e)) {
                throw StoreFailures.locked(database.embeddedDir().get(), e);
            }
            throw StoreFailures.unreachable(database.description(), e);
        }
    }

    /** A failed write costs the next start one more full check, nothing else. */
    private static void recordSeal(Database database, TokenCipher cipher) {
        try (Connection connection = connect(database)) {
            SealMark.record(connection, cipher);
        } catch (SQLException e) {
            LOG.debug("MCP OAuth store: could not record that every value is under key id {}", cipher.keyId(), e);
        }
    }

    private static SqlDialect dialectOf(Connection connection, Database database, McpOAuthConfig config) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        return SqlDialect.ofProduct(product).orElseThrow(() -> McpOAuthConfigException.forKey(
                config.dataSource().isPresent() ? ConfigKey.DATASOURCE : ConfigKey.JDBC_URL,
                database.description() + " is " + product + "; the JPA store has schema scripts for H2 and PostgreSQL only"));
    }

    @Override
    public ServerStore servers() {
        return servers;
    }

    @Override
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public ClientRegistrationStore registrations() {
        return registrations;
    }

    @Override
    public PendingAuthorizationStore pendingAuthorizations() {
        return pendingAuthorizations;
    }

    /** One transaction: a concurrent reader sees the server with all it owns, or none of it. */
    @Override
    public void deleteServerCascade(String owner, String serverId) {
        ServerRowId id = new ServerRowId(owner, serverId);
        tx.run("delete server", em -> {
            JpaPendingAuthorizationStore.deleteRows(em, id);
            JpaTokenStore.deleteRow(em, id);
            JpaClientRegistrationStore.deleteRow(em, id);
            return JpaServerStore.deleteRow(em, id);
        });
    }

    /** One trivial query in its own transaction; a failure starts the store's outage, a success ends it. */
    @Override
    public void check() {
        tx.run("check the database", em -> em.createNativeQuery("SELECT 1").getSingleResult());
    }

    @Override
    public Optional<Instant> unavailableSince() {
        return tx.unavailableSince();
    }

    /**
     * Closes Hibernate and the pool this store created (closing the embedded database and its
     * writer thread with the last connection); a container's DataSource stays open. Then takes
     * Hibernate's cached values out of container-provided annotation classes and deregisters the
     * JDBC drivers the application brought: either would pin the application after undeploy.
     */
    @Override
    public void close() {
        try {
            factory.close();
        } finally {
            HibernateBootstrap.release();
            try {
                database.close();
            } finally {
                JdbcDrivers.deregisterLoadedBy(applicationLoader);
            }
        }
    }

    @Override
    public String toString() {
        return "JpaMcpStore[" + database + "]";
    }
}
