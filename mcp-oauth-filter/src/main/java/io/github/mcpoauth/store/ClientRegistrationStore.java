package io.github.mcpoauth.store;

import java.util.Optional;

/**
 * Persists how each owner's server reaches its authorization server ({@link ClientRegistration},
 * one per owner and server) and the dynamically registered clients those registrations share
 * ({@link SharedClient}, one per authorization server and client metadata). Implementations
 * are thread-safe.
 */
public interface ClientRegistrationStore {

    Optional<ClientRegistration> find(String owner, String serverId);

    /** Inserts or replaces. */
    void save(String owner, String serverId, ClientRegistration registration);

    void delete(String owner, String serverId);

    /** The shared client registered under {@code key}, if any. */
    Optional<SharedClient> findRegistered(String key);

    /** The shared client with this issuer and client_id, if any. */
    Optional<SharedClient> findRegistered(String issuer, String clientId);

    /**
     * Stores {@code client} unless a client is already stored under its key (another node may have
     * registered at the same time); returns the one stored afterwards, which callers then use.
     */
    SharedClient saveRegisteredIfAbsent(SharedClient client);

    /**
     * Atomically replaces the registration access token of the shared client under {@code key}
     * with {@code next}, when it is still {@code expected}: the authorization server may issue a
     * new one when the registration is read (RFC 7592 section 3). Returns false, and changes
     * nothing, when there is no such client or its token is no longer {@code expected} (another
     * node stored a newer one, or the client was forgotten).
     */
    boolean replaceRegistrationAccessToken(String key, String expected, String next);

    /** Deletes the shared client with this issuer and client_id; nothing when there is none. */
    void deleteRegistered(String issuer, String clientId);

    /** Whether any owner's server registration names this issuer and client_id. */
    boolean inUse(String issuer, String clientId);
}
