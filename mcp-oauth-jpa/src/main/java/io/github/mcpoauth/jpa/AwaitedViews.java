package io.github.mcpoauth.jpa;

import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.ClientRegistrationStore;
import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.store.PendingAuthorizationStore;
import io.github.mcpoauth.store.SharedClient;
import io.github.mcpoauth.store.ServerStore;
import io.github.mcpoauth.store.StoredServer;
import io.github.mcpoauth.store.TokenSet;
import io.github.mcpoauth.store.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The four stores of an {@link AwaitedEmbeddedStore}, each call going to the store once it is open;
 * until then {@code store} throws the {@code UNAVAILABLE} that says why. Callers may keep these
 * views: they never hold the store itself.
 */
final class AwaitedViews {

    private final ServerStore servers;
    private final TokenStore tokens;
    private final ClientRegistrationStore registrations;
    private final PendingAuthorizationStore pendingAuthorizations;

    AwaitedViews(Supplier<JpaMcpStore> store) {
        this.servers = new ServerStore() {
            @Override
            public void save(StoredServer server) {
                store.get().servers().save(server);
            }

            @Override
            public Optional<StoredServer> find(String owner, String id) {
                return store.get().servers().find(owner, id);
            }

            @Override
            public List<StoredServer> list(String owner) {
                return store.get().servers().list(owner);
            }

            @Override
            public Totals totals() {
                return store.get().servers().totals();
            }

            @Override
            public boolean delete(String owner, String id) {
                return store.get().servers().delete(owner, id);
            }
        };
        this.tokens = new TokenStore() {
            @Override
            public Optional<TokenSet> find(String owner, String serverId) {
                return store.get().tokens().find(owner, serverId);
            }

            @Override
            public void save(String owner, String serverId, TokenSet value) {
                store.get().tokens().save(owner, serverId, value);
            }

            @Override
            public boolean replace(String owner, String serverId, TokenSet expected, TokenSet next) {
                return store.get().tokens().replace(owner, serverId, expected, next);
            }

            @Override
            public void delete(String owner, String serverId) {
                store.get().tokens().delete(owner, serverId);
            }
        };
        this.registrations = new ClientRegistrationStore() {
            @Override
            public Optional<ClientRegistration> find(String owner, String serverId) {
                return store.get().registrations().find(owner, serverId);
            }

            @Override
            public void save(String owner, String serverId, ClientRegistration registration) {
                store.get().registrations().save(owner, serverId, registration);
            }

            @Override
            public void delete(String owner, String serverId) {
                store.get().registrations().delete(owner, serverId);
            }

            @Override
            public Optional<SharedClient> findRegistered(String key) {
                return store.get().registrations().findRegistered(key);
            }

            @Override
            public Optional<SharedClient> findRegistered(String issuer, String clientId) {
                return store.get().registrations().findRegistered(issuer, clientId);
            }

            @Override
            public SharedClient saveRegisteredIfAbsent(SharedClient client) {
                return store.get().registrations().saveRegisteredIfAbsent(client);
            }

            @Override
            public boolean replaceRegistrationAccessToken(String key, String expected, String next) {
                return store.get().registrations().replaceRegistrationAccessToken(key, expected, next);
            }

            @Override
            public void deleteRegistered(String issuer, String clientId) {
                store.get().registrations().deleteRegistered(issuer, clientId);
            }

            @Override
            public boolean inUse(String issuer, String clientId) {
                return store.get().registrations().inUse(issuer, clientId);
            }
        };
        this.pendingAuthorizations = new PendingAuthorizationStore() {
            @Override
            public void save(PendingAuthorization pending) {
                store.get().pendingAuthorizations().save(pending);
            }

            @Override
            public Optional<PendingAuthorization> find(String state) {
                return store.get().pendingAuthorizations().find(state);
            }

            @Override
            public Optional<PendingAuthorization> consume(String state) {
                return store.get().pendingAuthorizations().consume(state);
            }

            @Override
            public Optional<PendingAuthorization> latest(String owner, String serverId) {
                return store.get().pendingAuthorizations().latest(owner, serverId);
            }

            @Override
            public void deleteFor(String owner, String serverId) {
                store.get().pendingAuthorizations().deleteFor(owner, serverId);
            }

            @Override
            public void saveReplacing(PendingAuthorization pending) {
                store.get().pendingAuthorizations().saveReplacing(pending);
            }

            @Override
            public int purgeExpired(Instant now) {
                return store.get().pendingAuthorizations().purgeExpired(now);
            }
        };
    }

    ServerStore servers() {
        return servers;
    }

    TokenStore tokens() {
        return tokens;
    }

    ClientRegistrationStore registrations() {
        return registrations;
    }

    PendingAuthorizationStore pendingAuthorizations() {
        return pendingAuthorizations;
    }
}
