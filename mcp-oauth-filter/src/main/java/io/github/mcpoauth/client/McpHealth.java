package io.github.mcpoauth.client;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The service's health for operators ({@link McpClientService#health()}): whether the store answers,
 * how the servers of the owners seen since start are doing, and how busy the connection gate is. It
 * holds counts and times only: no owner, server name, URL, token or upstream answer, so it may be
 * shown to someone who must not see users' data. Everything but the store comes from memory, so
 * taking it costs the same however many servers are stored.
 *
 * @param checkedAt when it was taken
 * @param storeReachable whether the store answered a trivial check within
 *     {@link McpClientService#STORE_CHECK_TIMEOUT}
 * @param storeUnavailableSince when the store's ongoing outage started (its outage tracking, else the first
 *     failed check); empty while it is reachable
 * @param servers servers of the owners seen since start, per state (every state present, 0 when none);
 *     {@code AUTHENTICATING} ones wait for their owner to authorize
 * @param owners owners seen since start (whose servers are in memory)
 * @param refreshFailures token refreshes that failed or were refused since start
 * @param lastRefreshFailure when the last of them happened
 * @param connectsInFlight connection attempts running now ({@code mcp.oauth.max-concurrent-connects} at most)
 * @param connectsQueued connection attempts waiting for their turn
 */
public record McpHealth(
        Instant checkedAt,
        boolean storeReachable,
        Optional<Instant> storeUnavailableSince,
        Map<ConnectionState, Integer> servers,
        int owners,
        long refreshFailures,
        Optional<Instant> lastRefreshFailure,
        int connectsInFlight,
        int connectsQueued) {

    public McpHealth {
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(storeUnavailableSince, "storeUnavailableSince");
        Objects.requireNonNull(lastRefreshFailure, "lastRefreshFailure");
        EnumMap<ConnectionState, Integer> all = new EnumMap<>(ConnectionState.class);
        for (ConnectionState state : ConnectionState.values()) {
            all.put(state, servers.getOrDefault(state, 0));
        }
        servers = Collections.unmodifiableMap(all);
    }

    /** Healthy while the store answers: without it no owner can load, add or authorize a server. */
    public boolean healthy() {
        return storeReachable;
    }

    /** Servers in memory, in any state. */
    public int totalServers() {
        return servers.values().stream().mapToInt(Integer::intValue).sum();
    }
}
