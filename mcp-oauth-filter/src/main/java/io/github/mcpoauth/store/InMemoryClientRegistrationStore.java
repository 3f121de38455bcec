package io.github.mcpoauth.store;

import io.github.mcpoauth.internal.ServerKey;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Client registrations in a concurrent map keyed by owner and server id; shared registered clients
 * in one keyed by their key. Finding by issuer and client_id scans, which suits the handful of
 * authorization servers one application talks to.
 */
final class InMemoryClientRegistrationStore implements ClientRegistrationStore {

    private final ConcurrentMap<ServerKey, ClientRegistration> registrations = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, SharedClient> registered = new ConcurrentHashMap<>();

    @Override
    public Optional<ClientRegistration> find(String owner, String serverId) {
        return Optional.ofNullable(registrations.get(new ServerKey(owner, serverId)));
    }

    @Override
    public void save(String owner, String serverId, ClientRegistration registration) {
        registrations.put(new ServerKey(owner, serverId), Objects.requireNonNull(registration, "registration"));
    }

    @Override
    public void delete(String owner, String serverId) {
        registrations.remove(new ServerKey(owner, serverId));
    }

    @Override
    public Optional<SharedClient> findRegistered(String key) {
        return Optional.ofNullable(registered.get(key));
    }

    @Override
    public Optional<SharedClient> findRegistered(String issuer, String clientId) {
        return registered.values().stream()
                .filter(c -> c.issuer().equals(issuer) && c.clientId().equals(clientId))
                .findFirst();
    }

    @Override
    public SharedClient saveRegisteredIfAbsent(SharedClient client) {
        SharedClient earlier = registered.putIfAbsent(client.key(), client);
        return earlier == null ? client : earlier;
    }

    /** {@link ConcurrentMap#replace(Object, Object, Object)} on the client read, so a change in between wins. */
    @Override
    public boolean replaceRegistrationAccessToken(String key, String expected, String next) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(next, "next");
        SharedClient current = registered.get(key);
        if (current == null || !expected.equals(current.registrationAccessToken())) {
            return false;
        }
        return registered.replace(key, current, current.withRegistrationAccessToken(next));
    }

    @Override
    public void deleteRegistered(String issuer, String clientId) {
        registered.values().removeIf(c -> c.issuer().equals(issuer) && c.clientId().equals(clientId));
    }

    @Override
    public boolean inUse(String issuer, String clientId) {
        return registrations.values().stream()
                .anyMatch(r -> Objects.equals(r.issuer(), issuer) && r.clientId().equals(clientId));
    }
}
