package io.github.mcpoauth.store;

import io.github.mcpoauth.internal.ServerKey;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Client registrations in a concurrent map keyed by owner and server id. */
final class InMemoryClientRegistrationStore implements ClientRegistrationStore {

    private final ConcurrentMap<ServerKey, ClientRegistration> registrations = new ConcurrentHashMap<>();

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
}
