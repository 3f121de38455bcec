package io.github.mcpoauth.store;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Servers in a concurrent map per owner: reading one owner's servers (what every owner's first
 * request does) costs that owner's servers only, not a scan of every owner's. An owner's map is
 * dropped with its last server, so the owners are the outer map's size; the servers are counted as
 * they are added and deleted, and {@link #totals()} reads both without a walk.
 */
final class InMemoryServerStore implements ServerStore {

    private static final Comparator<StoredServer> OLDEST_FIRST =
            Comparator.comparing(StoredServer::createdAt).thenComparing(StoredServer::id);

    private final ConcurrentMap<String, ConcurrentMap<String, StoredServer>> byOwner = new ConcurrentHashMap<>();
    private final LongAdder serverCount = new LongAdder();

    @Override
    public void save(StoredServer server) {
        // compute, so a delete emptying the owner's map cannot drop it under this write
        byOwner.compute(server.owner(), (owner, servers) -> {
            ConcurrentMap<String, StoredServer> map = servers == null ? new ConcurrentHashMap<>() : servers;
            if (map.put(server.id(), server) == null) {
                serverCount.increment();
            }
            return map;
        });
    }

    @Override
    public Optional<StoredServer> find(String owner, String id) {
        Map<String, StoredServer> servers = byOwner.get(owner);
        return Optional.ofNullable(servers == null ? null : servers.get(id));
    }

    @Override
    public List<StoredServer> list(String owner) {
        Map<String, StoredServer> servers = byOwner.get(owner);
        return servers == null ? List.of() : servers.values().stream().sorted(OLDEST_FIRST).toList();
    }

    @Override
    public Totals totals() {
        return new Totals(serverCount.sum(), byOwner.size());
    }

    @Override
    public boolean delete(String owner, String id) {
        boolean[] deleted = new boolean[1];
        byOwner.computeIfPresent(owner, (o, servers) -> {
            deleted[0] = servers.remove(id) != null;
            if (deleted[0]) {
                serverCount.decrement();
            }
            return servers.isEmpty() ? null : servers;
        });
        return deleted[0];
    }
}
