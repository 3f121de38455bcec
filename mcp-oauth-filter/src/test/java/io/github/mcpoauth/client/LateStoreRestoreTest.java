package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.store.ClientRegistrationStore;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.PendingAuthorizationStore;
import io.github.mcpoauth.store.ServerStore;
import io.github.mcpoauth.store.StoredServer;
import io.github.mcpoauth.store.TokenStore;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A store that starts without its database (the JPA store during a hot redeploy, until the old
 * deployment lets go): the start-up restore runs when the database opens, and an owner refused
 * meanwhile gets their servers on the next request instead of an empty list kept for good.
 */
class LateStoreRestoreTest {

    @Test
    void everyOwnerIsRestoredWhenTheStoreOpensAndAnOwnerRefusedMeanwhileGetsTheirServers() throws Exception {
        try (TestMcpServer mcp = TestMcpServer.builder().start()) {
            ClientHarness before = ClientHarness.withDefaults();
            String alices = before.manager("alice").addMcpServer("a", mcp.url()).id();
            before.manager("bob").addMcpServer("b", mcp.url());
            before.close();
            LateStore late = new LateStore(before.store);

            try (ClientHarness after = new ClientHarness(Map.of(), Clock.systemUTC(), late)) {
                after.service.restore();
                McpOAuthException refused = assertThrows(McpOAuthException.class, () -> after.manager("alice"));
                assertEquals(McpOAuthException.Code.UNAVAILABLE, refused.code());
                assertEquals(0, after.service.openSessions());

                late.open();

                Await.until(Duration.ofSeconds(15), "both owners' servers to be restored and connected",
                        () -> after.service.openSessions() == 2);
                assertEquals(List.of(alices), List.copyOf(after.manager("alice").getMcpServers().servers().keySet()));
            }
        }
    }

    /** Servers unavailable until {@link #open}, which runs what waited for it, as the JPA store's waiting thread does. */
    private static final class LateStore implements McpStore {
        private final McpStore store;
        private final List<Runnable> waiting = new ArrayList<>();
        private volatile boolean open;

        LateStore(McpStore store) {
            this.store = store;
        }

        void open() {
            List<Runnable> tasks;
            synchronized (this) {
                open = true;
                tasks = List.copyOf(waiting);
            }
            tasks.forEach(Runnable::run);
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
                public List<StoredServer> listAll() {
                    return current().listAll();
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
}
