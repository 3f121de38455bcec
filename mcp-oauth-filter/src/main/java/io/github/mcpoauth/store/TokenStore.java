package io.github.mcpoauth.store;

import java.util.Optional;

/** Persists the tokens of each owner's server. Implementations are thread-safe. */
public interface TokenStore {

    Optional<TokenSet> find(String owner, String serverId);

    /** Inserts or replaces the tokens (after a code exchange). */
    void save(String owner, String serverId, TokenSet tokens);

    /**
     * Atomically replaces {@code expected} with {@code next} (after a refresh). Returns false, and
     * changes nothing, when the stored tokens are no longer {@code expected}: another refresh won,
     * or the tokens were deleted (a delete is never undone by a late refresh).
     */
    boolean replace(String owner, String serverId, TokenSet expected, TokenSet next);

    void delete(String owner, String serverId);
}
