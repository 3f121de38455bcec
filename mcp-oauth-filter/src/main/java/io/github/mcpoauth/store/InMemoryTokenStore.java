package io.github.mcpoauth.store;

import io.github.mcpoauth.internal.ServerKey;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Tokens in a concurrent map keyed by owner and server id. */
final class InMemoryTokenStore implements TokenStore {

    private final ConcurrentMap<ServerKey, TokenSet> tokens = new ConcurrentHashMap<>();

    @Override
    public Optional<TokenSet> find(String owner, String serverId) {
        return Optional.ofNullable(tokens.get(new ServerKey(owner, serverId)));
    }

    @Override
    public void save(String owner, String serverId, TokenSet tokenSet) {
        tokens.put(new ServerKey(owner, serverId), Objects.requireNonNull(tokenSet, "tokens"));
    }

    /** {@link ConcurrentMap#replace(Object, Object, Object)} compares with equals and never inserts. */
    @Override
    public boolean replace(String owner, String serverId, TokenSet expected, TokenSet next) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(next, "next");
        return tokens.replace(new ServerKey(owner, serverId), expected, next);
    }

    @Override
    public void delete(String owner, String serverId) {
        tokens.remove(new ServerKey(owner, serverId));
    }
}
