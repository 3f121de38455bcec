package io.github.mcpoauth.internal.oauth;

import static io.github.mcpoauth.internal.oauth.Fixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.ClientRegistrationStore;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.PendingAuthorizationStore;
import io.github.mcpoauth.store.SharedClient;
import io.github.mcpoauth.store.ServerStore;
import io.github.mcpoauth.store.TokenStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A refresh that read the tokens just before the server moved to another authorization server
 * (the registration now names the new AS, the old tokens were deleted) must not send the old
 * refresh token to the new AS's token endpoint.
 */
class RefreshDuringIssuerChangeTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void theOldRefreshTokenNeverReachesTheNewAuthorizationServer() {
        f.authorize();
        ClientRegistration moved = new ClientRegistration(f.stub.origin() + "/as2", f.stub.origin() + "/as2/authorize",
                f.stub.origin() + "/as2/token", "as2-client", "as2-secret", "client_secret_basic",
                f.redirectUri().toString(), f.stub.origin() + "/mcp", Fixture.START);
        AtomicBoolean switched = new AtomicBoolean();
        McpStore switching = new SwitchingStore(f.store, () -> {
            // what ClientIdentities does when the resource names another AS: tokens first, then the registration
            if (switched.compareAndSet(false, true)) {
                f.store.tokens().delete(Fixture.OWNER, Fixture.SERVER);
                f.store.registrations().save(Fixture.OWNER, Fixture.SERVER, moved);
            }
        });
        McpAuthorizationManager manager = McpAuthorizationManager.builder().config(McpOAuthConfig.fromMap(f.settings))
                .store(switching).httpClient(Fixture.HTTP).clock(f.clock).scheduler(f.scheduler).build();

        assertFalse(await(manager.refreshAfterRejection(Fixture.OWNER, Fixture.SERVER, "at-1")));

        assertTrue(switched.get(), "the registration changed between the refresh's two reads");
        assertTrue(f.stub.requestsTo("/as2/token").isEmpty(), "nothing of the old AS went to the new one");
        assertEquals(1, f.stub.requestsTo("/as/token").size(), "only the code exchange at the old AS");
    }

    /** The fixture's store, running {@code beforeRegistrationRead} each time a server's registration is read. */
    private record SwitchingStore(McpStore delegate, Runnable beforeRegistrationRead) implements McpStore {

        @Override
        public ServerStore servers() {
            return delegate.servers();
        }

        @Override
        public TokenStore tokens() {
            return delegate.tokens();
        }

        @Override
        public PendingAuthorizationStore pendingAuthorizations() {
            return delegate.pendingAuthorizations();
        }

        @Override
        public ClientRegistrationStore registrations() {
            ClientRegistrationStore real = delegate.registrations();
            return new ClientRegistrationStore() {
                @Override
                public Optional<ClientRegistration> find(String owner, String serverId) {
                    beforeRegistrationRead.run();
                    return real.find(owner, serverId);
                }

                @Override
                public void save(String owner, String serverId, ClientRegistration registration) {
                    real.save(owner, serverId, registration);
                }

                @Override
                public void delete(String owner, String serverId) {
                    real.delete(owner, serverId);
                }

                @Override
                public Optional<SharedClient> findRegistered(String key) {
                    return real.findRegistered(key);
                }

                @Override
                public Optional<SharedClient> findRegistered(String issuer, String clientId) {
                    return real.findRegistered(issuer, clientId);
                }

                @Override
                public SharedClient saveRegisteredIfAbsent(SharedClient client) {
                    return real.saveRegisteredIfAbsent(client);
                }

                @Override
                public boolean replaceRegistrationAccessToken(String key, String expected, String next) {
                    return real.replaceRegistrationAccessToken(key, expected, next);
                }

                @Override
                public void deleteRegistered(String issuer, String clientId) {
                    real.deleteRegistered(issuer, clientId);
                }

                @Override
                public boolean inUse(String issuer, String clientId) {
                    return real.inUse(issuer, clientId);
                }
            };
        }
    }
}
