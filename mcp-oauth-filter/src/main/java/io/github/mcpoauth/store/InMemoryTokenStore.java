package io.github.mcpoauth.store;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Tokens in a concurrent map keyed by owner and server id. */
final class InMemoryTokenStore implements TokenStore {

    private final ConcurrentMap<OwnedKey, TokenSet> tokens = new ConcurrentHashMap<>();

    @Override
    public Optional<TokenSet> find(String owner, String serverId) {
        return Optional.ofNullable(tokens.get(new OwnedKey(owner, serverId)));
    }

    @Override
    public void save(String owner, String serverId, TokenSet tokenSet) {
        tokens.put(new OwnedKey(owner, serverId), Objects.requireNonNull(tokenSet, "tokens"));
    }

    /** {@link ConcurrentMap#replace(Object, Object, Object)} compares with equals and never inserts. */
    @Override
    public boolean replace(String owner, String serverId, TokenSet expected, TokenSet next) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(next, "next");
        return tokens.replace(new OwnedKey(owner, serverId), expected, next);
    }

    @Override
    public void delete(String owner, String serverId) {
        tokens.remove(new OwnedKey(owner, serverId));
    }
}
