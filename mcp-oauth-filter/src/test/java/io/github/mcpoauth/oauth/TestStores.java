package io.github.mcpoauth.oauth;

import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.ClientRegistrationStore;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.store.PendingAuthorizationStore;
import io.github.mcpoauth.store.ServerStore;
import io.github.mcpoauth.store.StoredServer;
import io.github.mcpoauth.store.TokenSet;
import io.github.mcpoauth.store.TokenStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal thread-safe in-memory {@link McpStore} for this package's tests (the real in-memory
 * store is built elsewhere and can replace it).
 */
final class TestStores {

    private TestStores() {
    }

    static Store newStore() {
        return new Store();
    }

    static final class Store implements McpStore {
        final Tokens tokens = new Tokens();
        final Registrations registrations = new Registrations();
        final Pending pending = new Pending();
        final Servers servers = new Servers();

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
            return pending;
        }
    }

    private static String key(String owner, String id) {
        return owner + "\u0000" + id;
    }

    static final class Tokens implements TokenStore {
        private final Map<String, TokenSet> map = new ConcurrentHashMap<>();

        @Override
        public Optional<TokenSet> find(String owner, String serverId) {
            return Optional.ofNullable(map.get(key(owner, serverId)));
        }

        @Override
        public void save(String owner, String serverId, TokenSet tokens) {
            map.put(key(owner, serverId), tokens);
        }

        @Override
        public boolean replace(String owner, String serverId, TokenSet expected, TokenSet next) {
            return map.replace(key(owner, serverId), expected, next);
        }

        @Override
        public void delete(String owner, String serverId) {
            map.remove(key(owner, serverId));
        }
    }

    static final class Registrations implements ClientRegistrationStore {
        private final Map<String, ClientRegistration> map = new ConcurrentHashMap<>();

        @Override
        public Optional<ClientRegistration> find(String owner, String serverId) {
            return Optional.ofNullable(map.get(key(owner, serverId)));
        }

        @Override
        public void save(String owner, String serverId, ClientRegistration registration) {
            map.put(key(owner, serverId), registration);
        }

        @Override
        public void delete(String owner, String serverId) {
            map.remove(key(owner, serverId));
        }
    }

    static final class Pending implements PendingAuthorizationStore {
        private final Map<String, PendingAuthorization> map = new ConcurrentHashMap<>();

        @Override
        public void save(PendingAuthorization pending) {
            map.put(pending.state(), pending);
        }

        @Override
        public Optional<PendingAuthorization> find(String state) {
            return Optional.ofNullable(map.get(state));
        }

        @Override
        public Optional<PendingAuthorization> consume(String state) {
            return Optional.ofNullable(map.remove(state));
        }

        @Override
        public Optional<PendingAuthorization> latest(String owner, String serverId) {
            return map.values().stream()
                    .filter(p -> p.owner().equals(owner) && p.serverId().equals(serverId))
                    .max(Comparator.comparing(PendingAuthorization::createdAt));
        }

        @Override
        public void deleteFor(String owner, String serverId) {
            map.values().removeIf(p -> p.owner().equals(owner) && p.serverId().equals(serverId));
        }

        @Override
        public int purgeExpired(Instant now) {
            int before = map.size();
            map.values().removeIf(p -> p.isExpired(now));
            return before - map.size();
        }

        int size() {
            return map.size();
        }
    }

    static final class Servers implements ServerStore {
        private final Map<String, StoredServer> map = new ConcurrentHashMap<>();

        @Override
        public void save(StoredServer server) {
            map.put(key(server.owner(), server.id()), server);
        }

        @Override
        public Optional<StoredServer> find(String owner, String id) {
            return Optional.ofNullable(map.get(key(owner, id)));
        }

        @Override
        public List<StoredServer> list(String owner) {
            List<StoredServer> result = new ArrayList<>();
            map.values().stream().filter(s -> Objects.equals(s.owner(), owner))
                    .sorted(Comparator.comparing(StoredServer::createdAt)).forEach(result::add);
            return result;
        }

        @Override
        public List<StoredServer> listAll() {
            return new ArrayList<>(map.values());
        }

        @Override
        public boolean delete(String owner, String id) {
            return map.remove(key(owner, id)) != null;
        }
    }
}
