package io.github.mcpoauth.sample.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived, single-use entries (authorization codes, consent transactions) with a time to live
 * and a size cap, so a flood of unfinished requests cannot grow the demo without bound.
 */
final class ExpiringMap<V> {

    private record Entry<V>(V value, Instant expires) {
    }

    private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int capacity;
    private final Clock clock;

    ExpiringMap(Duration ttl, int capacity, Clock clock) {
        this.ttl = ttl;
        this.capacity = capacity;
        this.clock = clock;
    }

    /** Stores {@code value}; false when full even after dropping expired entries. */
    boolean put(String key, V value) {
        if (entries.size() >= capacity) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> !e.expires().isAfter(now));
            if (entries.size() >= capacity) {
                return false;
            }
        }
        entries.put(key, new Entry<>(value, clock.instant().plus(ttl)));
        return true;
    }

    /** Removes and returns the value if it is there and not expired: each key is used at most once. */
    Optional<V> take(String key) {
        Entry<V> entry = key == null ? null : entries.remove(key);
        if (entry == null || !entry.expires().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }
}
