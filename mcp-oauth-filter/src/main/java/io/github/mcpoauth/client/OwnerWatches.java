package io.github.mcpoauth.client;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** The owners someone is watching live (counted), whose view is kept in step with a shared store. */
final class OwnerWatches {

    private final Map<String, Integer> watched = new ConcurrentHashMap<>();

    Subscription watch(String owner) {
        Objects.requireNonNull(owner, "owner");
        watched.merge(owner, 1, Integer::sum);
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                watched.computeIfPresent(owner, (o, n) -> n > 1 ? n - 1 : null);
            }
        };
    }

    Set<String> owners() {
        return watched.keySet();
    }
}
