package io.github.mcpoauth.client;

import io.github.mcpoauth.internal.oauth.RefreshFailures;
import java.time.Clock;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds {@link McpHealth} from what the service holds: the store probe, each loaded owner's
 * connections (states read from memory), the refresh failure count and the connection gate.
 */
final class HealthSummary {

    private final StoreProbe store;
    private final Collection<McpClientManager> managers;
    private final Supplier<RefreshFailures.Count> refreshes;
    private final Permits connects;
    private final Clock clock;

    HealthSummary(StoreProbe store, Collection<McpClientManager> managers, Supplier<RefreshFailures.Count> refreshes,
            Permits connects, Clock clock) {
        this.store = store;
        this.managers = managers;
        this.refreshes = refreshes;
        this.connects = connects;
        this.clock = clock;
    }

    McpHealth take() {
        StoreProbe.Result reached = store.probe();
        Map<ConnectionState, Integer> servers = new EnumMap<>(ConnectionState.class);
        int owners = 0;
        for (McpClientManager manager : managers) {
            manager.countStates(servers);
            owners++;
        }
        RefreshFailures.Count failed = refreshes.get();
        return new McpHealth(clock.instant(), reached.reachable(), reached.unavailableSince(), servers, owners,
                failed.total(), failed.last(), connects.inUse(), connects.waiting());
    }
}
