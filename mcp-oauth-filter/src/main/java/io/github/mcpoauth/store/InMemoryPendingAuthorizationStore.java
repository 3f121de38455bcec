package io.github.mcpoauth.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;

/** Pending authorizations in a concurrent map keyed by their {@code state}. */
final class InMemoryPendingAuthorizationStore implements PendingAuthorizationStore {

    private final ConcurrentMap<String, PendingAuthorization> pending = new ConcurrentHashMap<>();

    @Override
    public void save(PendingAuthorization authorization) {
        pending.put(authorization.state(), authorization);
    }

    @Override
    public Optional<PendingAuthorization> find(String state) {
        return Optional.ofNullable(pending.get(Objects.requireNonNull(state, "state")));
    }

    /** {@link ConcurrentMap#remove(Object)} hands the entry to exactly one caller. */
    @Override
    public Optional<PendingAuthorization> consume(String state) {
        return Optional.ofNullable(pending.remove(Objects.requireNonNull(state, "state")));
    }

    @Override
    public Optional<PendingAuthorization> latest(String owner, String serverId) {
        return pending.values().stream()
                .filter(belongsTo(owner, serverId))
                .max(Comparator.comparing(PendingAuthorization::createdAt));
    }

    @Override
    public void deleteFor(String owner, String serverId) {
        removeIf(belongsTo(owner, serverId));
    }

    @Override
    public int purgeExpired(Instant now) {
        Objects.requireNonNull(now, "now");
        return removeIf(p -> p.isExpired(now));
    }

    private static Predicate<PendingAuthorization> belongsTo(String owner, String serverId) {
        return p -> p.owner().equals(owner) && p.serverId().equals(serverId);
    }

    /** Removes each match only if still unchanged, so the count is of entries this call removed. */
    private int removeIf(Predicate<PendingAuthorization> condition) {
        int removed = 0;
        for (Map.Entry<String, PendingAuthorization> entry : pending.entrySet()) {
            if (condition.test(entry.getValue()) && pending.remove(entry.getKey(), entry.getValue())) {
                removed++;
            }
        }
        return removed;
    }
}
