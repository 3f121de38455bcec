package io.github.mcpoauth.store;

import io.github.mcpoauth.internal.ServerKey;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Servers in a concurrent map keyed by owner and id. */
final class InMemoryServerStore implements ServerStore {

    private static final Comparator<StoredServer> OLDEST_FIRST =
            Comparator.comparing(StoredServer::createdAt).thenComparing(StoredServer::id);

    private final ConcurrentMap<ServerKey, StoredServer> servers = new ConcurrentHashMap<>();

    @Override
    public void save(StoredServer server) {
        servers.put(new ServerKey(server.owner(), server.id()), server);
    }

    @Override
    public Optional<StoredServer> find(String owner, String id) {
        return Optional.ofNullable(servers.get(new ServerKey(owner, id)));
    }

    @Override
    public List<StoredServer> list(String owner) {
        return servers.values().stream()
                .filter(s -> s.owner().equals(owner))
                .sorted(OLDEST_FIRST)
                .toList();
    }

    @Override
    public List<StoredServer> listAll() {
        return servers.values().stream().sorted(OLDEST_FIRST).toList();
    }

    @Override
    public boolean delete(String owner, String id) {
        return servers.remove(new ServerKey(owner, id)) != null;
    }
}
