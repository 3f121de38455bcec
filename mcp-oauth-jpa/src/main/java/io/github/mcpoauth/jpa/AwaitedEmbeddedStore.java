package io.github.mcpoauth.jpa;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.config.McpOAuthConfigException;
import io.github.mcpoauth.store.ClientRegistrationStore;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.PendingAuthorizationStore;
import io.github.mcpoauth.store.ServerStore;
import io.github.mcpoauth.store.TokenStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store while its database file is held by another deployment of the same
 * application. A container that redeploys in place (Jetty 12.1's deployer) starts the new context
 * before it stops the old one, and H2 lets one engine open a file at a time; failing start-up then
 * would leave the application broken after the redeploy. So the application starts, every store
 * call fails fast with {@code UNAVAILABLE} (HTTP 503) saying why, and one daemon thread retries the
 * open until the old deployment lets go, for a bounded time. Two applications given one directory
 * never let go: after the bound the store stays unavailable and the log names the directory and
 * {@code mcp.oauth.data-dir}. Closing ends the thread at once.
 */
final class AwaitedEmbeddedStore implements McpStore {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final Duration RETRY = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(AwaitedEmbeddedStore.class);

    private final Supplier<JpaMcpStore> opener;
    private final Path dir;
    private final Duration wait;
    private final Duration retry;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread waiter;
    private final List<Runnable> whenOpen = new ArrayList<>();
    private final AwaitedViews views = new AwaitedViews(this::store);
    private final Instant waitingSince = Instant.now();
    private JpaMcpStore opened;
    private String unavailable;
    private boolean closed;
    private boolean gaveUp;

    private AwaitedEmbeddedStore(Supplier<JpaMcpStore> opener, Path dir, Duration wait, Duration retry) {
        this.opener = opener;
        this.dir = dir;
        this.wait = wait;
        this.retry = retry;
        this.unavailable = "MCP OAuth store unavailable: the embedded database in " + dir + " is still held by another"
                + " deployment of this application (a redeploy in progress?); waiting up to " + wait.toSeconds()
                + " s for it to be released (applications sharing one directory each need their own "
                + ConfigKey.DATA_DIR.key() + ")";
        this.waiter = new Thread(null, this::retry, "mcp-oauth-store-wait", 0, false);
        waiter.setDaemon(true);
        // the store opened later registers drivers and starts Hibernate for the application that asked
        waiter.setContextClassLoader(JdbcDrivers.applicationLoader());
    }

    /** Opens the store; an embedded database held by another deployment gives a store that waits for it. */
    static McpStore open(McpOAuthConfig config, Duration wait, Duration retry) {
        Supplier<JpaMcpStore> opener = () -> JpaMcpStore.open(config);
        try {
            return opener.get();
        } catch (RuntimeException e) {
            if (!isLocked(e)) {
                throw e;
            }
            AwaitedEmbeddedStore store = new AwaitedEmbeddedStore(opener, config.dataDirectory(), wait, retry);
            LOG.warn("MCP OAuth store: the embedded database in {} is held by another deployment of this application;"
                    + " starting without it and retrying every {} ms for up to {} s", store.dir, retry.toMillis(),
                    wait.toSeconds());
            store.waiter.start();
            return store;
        }
    }

    /** Only the embedded file lock; a wrong key, a bad schema or an unreachable database fail as before. */
    private static boolean isLocked(RuntimeException e) {
        return e instanceof McpOAuthConfigException c
                && c.key().equals(ConfigKey.DATA_DIR.key()) && StoreFailures.isLockedByAnother(c);
    }

    private void retry() {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (!closing.await(retry.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    opened(opener.get());
                    return;
                } catch (RuntimeException e) {
                    if (!isLocked(e)) {
                        giveUp("MCP OAuth store unavailable: the embedded database in " + dir
                                + " was released but could not be opened: " + e.getMessage());
                        return;
                    }
                }
                if (System.nanoTime() - deadline >= 0) {
                    giveUp("MCP OAuth store unavailable: the embedded database in " + dir + " is still held by another"
                            + " process or application after " + wait.toSeconds() + " s; give this application its own"
                            + " directory with " + ConfigKey.DATA_DIR.key() + " (or the environment variable "
                            + ConfigKey.DATA_DIR.envName() + ") or stop the other one");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Publishes the store, or closes it when this one was closed meanwhile; runs the waiting tasks. */
    private void opened(JpaMcpStore store) {
        List<Runnable> tasks;
        synchronized (this) {
            if (closed) {
                store.close();
                return;
            }
            opened = store;
            tasks = List.copyOf(whenOpen);
            whenOpen.clear();
        }
        LOG.info("MCP OAuth store: the embedded database in {} was released by the other deployment and is open", dir);
        tasks.forEach(AwaitedEmbeddedStore::runQuietly);
    }

    private void giveUp(String message) {
        synchronized (this) {
            unavailable = message;
            gaveUp = true;
            whenOpen.clear();
        }
        LOG.error("{}", message);
    }

    private static void runQuietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("MCP OAuth store: a task waiting for the store failed: {}", e.toString());
        }
    }

    private synchronized JpaMcpStore store() {
        if (opened == null) {
            throw new McpOAuthException(McpOAuthException.Code.UNAVAILABLE,
                    closed ? "MCP OAuth store closed" : unavailable);
        }
        return opened;
    }

    /** Runs {@code task} now when the database is open, else on the waiting thread once it opens. */
    @Override
    public void whenAvailable(Runnable task) {
        synchronized (this) {
            if (opened == null) {
                if (!closed && !gaveUp) {
                    whenOpen.add(task);
                }
                return;
            }
        }
        task.run();
    }

    @Override
    public ServerStore servers() {
        return views.servers();
    }

    @Override
    public TokenStore tokens() {
        return views.tokens();
    }

    @Override
    public ClientRegistrationStore registrations() {
        return views.registrations();
    }

    @Override
    public PendingAuthorizationStore pendingAuthorizations() {
        return views.pendingAuthorizations();
    }

    @Override
    public void deleteServerCascade(String owner, String serverId) {
        store().deleteServerCascade(owner, serverId);
    }

    @Override
    public void check() {
        store().check();
    }

    /** Unavailable since this store started waiting for its database, until it opened. */
    @Override
    public Optional<Instant> unavailableSince() {
        JpaMcpStore store;
        synchronized (this) {
            store = opened;
        }
        return store == null ? Optional.of(waitingSince) : store.unavailableSince();
    }

    /** Stops the retries at once (an open under way finishes and is closed), then closes the store. */
    @Override
    public void close() {
        JpaMcpStore store;
        synchronized (this) {
            closed = true;
            store = opened;
            opened = null;
            whenOpen.clear();
        }
        closing.countDown();
        try {
            waiter.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (store != null) {
            store.close();
        }
    }

    /** Whether the retrying thread still runs; for tests. */
    boolean waiting() {
        return waiter.isAlive();
    }

    @Override
    public String toString() {
        return "AwaitedEmbeddedStore[" + dir + "]";
    }
}
