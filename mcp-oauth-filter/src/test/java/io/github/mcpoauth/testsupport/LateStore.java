package io.github.mcpoauth.testsupport;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.store.ClientRegistrationStore;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.PendingAuthorizationStore;
import io.github.mcpoauth.store.ServerStore;
import io.github.mcpoauth.store.StoredServer;
import io.github.mcpoauth.store.TokenStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A store that started without its database, as the JPA store does while another deployment still
 * holds its embedded database: its servers answer {@code UNAVAILABLE} until {@link #open}, which
 * runs what waited in {@link #whenAvailable} as the JPA store's waiting thread does.
 */
public final class LateStore implements McpStore {

    private final McpStore store;
    private final List<Runnable> waiting = new ArrayList<>();
    private volatile boolean open;
    private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();

    public LateStore(McpStore store) {
        this.store = store;
    }

    public void open() {
        List<Runnable> tasks;
        synchronized (this) {
            open = true;
            tasks = List.copyOf(waiting);
        }
        tasks.forEach(Runnable::run);
    }

    /** How many server-store calls were refused because the store was not open yet. */
    public int refused() {
        return refused.get();
    }

    @Override
    public synchronized void whenAvailable(Runnable task) {
        if (open) {
            task.run();
        } else {
            waiting.add(task);
        }
    }

    private ServerStore current() {
        if (!open) {
            refused.incrementAndGet();
            throw new McpOAuthException(McpOAuthException.Code.UNAVAILABLE, "the database is still held elsewhere");
        }
        return store.servers();
    }

    @Override
    public ServerStore servers() {
        return new ServerStore() {
            @Override
            public void save(StoredServer server) {
                current().save(server);
            }

            @Override
            public Optional<StoredServer> find(String owner, String id) {
                return current().find(owner, id);
            }

            @Override
            public List<StoredServer> list(String owner) {
                return current().list(owner);
            }

            @Override
            public Totals totals() {
                return current().totals();
            }

            @Override
            public boolean delete(String owner, String id) {
                return current().delete(owner, id);
            }
        };
    }

    @Override
    public TokenStore tokens() {
        return store.tokens();
    }

    @Override
    public ClientRegistrationStore registrations() {
        return store.registrations();
    }

    @Override
    public PendingAuthorizationStore pendingAuthorizations() {
        return store.pendingAuthorizations();
    }
}
