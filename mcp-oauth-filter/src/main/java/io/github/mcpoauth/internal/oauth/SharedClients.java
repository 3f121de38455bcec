package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.ClientRegistrationStore;
import io.github.mcpoauth.store.SharedClient;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dynamically registered clients (RFC 7591), one per authorization server and client metadata
 * and shared by every owner and server: the OAuth client is the application, not the user, and an
 * authorization server that caps its clients (Keycloak allows 200 anonymous ones per realm) must
 * not run out as users arrive. Concurrent requests for the same registration share one in flight,
 * so owners racing to the same AS cause one registration request; a registration another node made
 * at the same time wins, and ours is deleted again. A registration the AS no longer accepts
 * ({@code invalid_client}), or that reading it shows the AS no longer knows (RFC 7592 section 2.1,
 * see {@link RegistrationCheck}), is forgotten, so the next authorization registers afresh; one no
 * stored server uses any more is deleted at the AS (RFC 7592 section 2.3) and forgotten.
 */
final class SharedClients {

    private static final Logger LOG = LoggerFactory.getLogger(SharedClients.class);

    private final ClientRegistrationStore store;
    private final DynamicRegistration registration;
    private final RegistrationDeletion deletion;
    private final RegistrationCheck check;
    private final Clock clock;
    private final Executor executor;
    private final Map<String, CompletableFuture<SharedClient>> inFlight = new ConcurrentHashMap<>();

    SharedClients(ClientRegistrationStore store, DynamicRegistration registration, RegistrationDeletion deletion,
            RegistrationCheck check, Clock clock, Executor executor) {
        this.store = store;
        this.registration = registration;
        this.deletion = deletion;
        this.check = check;
        this.clock = clock;
        this.executor = executor;
    }

    /**
     * The shared client for this AS and redirect URI, to start an authorization with: the stored one
     * once {@link RegistrationCheck} confirmed the AS still knows it, else a new registration.
     */
    CompletableFuture<SharedClient> obtain(AuthServer as, URI redirectUri) {
        String key = registration.keyFor(as, redirectUri);
        CompletableFuture<SharedClient> mine = new CompletableFuture<>();
        CompletableFuture<SharedClient> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running.copy();
        }
        CompletableFuture.supplyAsync(() -> store.findRegistered(key), executor)
                .thenCompose(found -> found.isPresent() ? check.confirm(found.get())
                        : CompletableFuture.completedFuture(found))
                .thenCompose(usable -> usable.isPresent() ? CompletableFuture.completedFuture(usable.get())
                        : register(key, as, redirectUri))
                .whenComplete((client, error) -> {
                    inFlight.remove(key, mine);
                    if (error != null) {
                        mine.completeExceptionally(OAuthHttp.unwrap(error));
                    } else {
                        mine.complete(client);
                    }
                });
        return mine.copy();
    }

    private CompletableFuture<SharedClient> register(String key, AuthServer as, URI redirectUri) {
        return registration.register(as, redirectUri).thenApplyAsync(made -> {
            ClientIdentity c = made.client();
            SharedClient ours = new SharedClient(key, as.issuer(), c.clientId(), c.clientSecret(),
                    c.authMethod(), made.registrationAccessToken(),
                    made.registrationClientUri() == null ? null : made.registrationClientUri().toString(),
                    clock.instant());
            SharedClient stored = store.saveRegisteredIfAbsent(ours);
            if (!stored.clientId().equals(ours.clientId())) {
                LOG.debug("Another node registered at {} first; deleting our duplicate", as.issuer());
                deletion.delete(ours);
            } else {
                LOG.info("Registered this application at {} (dynamic client registration)", as.issuer());
            }
            return stored;
        }, executor);
    }

    /**
     * The authorization server refused the client ({@code invalid_client}): if it is a shared
     * registration, forget it, so the next authorization registers once more.
     */
    void rejected(ClientRegistration used) {
        if (used.issuer() == null) {
            return;
        }
        try {
            if (store.findRegistered(used.issuer(), used.clientId()).isPresent()) {
                LOG.info("The authorization server {} no longer accepts this application's registration;"
                        + " the next authorization registers again", used.issuer());
                store.deleteRegistered(used.issuer(), used.clientId());
            }
        } catch (RuntimeException e) {
            // the token endpoint's answer is what the caller needs; the next rejection tries again
            LOG.info("Could not forget the rejected registration at {}: {}", used.issuer(), e.getClass().getSimpleName());
        }
    }

    /**
     * After a server stopped using {@code released} (it was removed or moved to another client):
     * when it was a shared registration and no stored server uses it any more, deletes it at the AS
     * and forgets it. Never fails.
     */
    CompletableFuture<Void> release(ClientRegistration released) {
        return CompletableFuture.supplyAsync(() -> unused(released), executor)
                .thenCompose(unused -> unused.map(deletion::delete).orElse(CompletableFuture.completedFuture(null)))
                .exceptionally(error -> {
                    LOG.info("Could not check whether the client registration at {} is still used: {}",
                            released.issuer(), OAuthHttp.unwrap(error).getClass().getSimpleName());
                    return null;
                });
    }

    /**
     * The shared client, forgotten here, when nothing uses it any more. A server that adopted it
     * between the first check and the delete (it found the client just before) keeps it: the
     * client is put back and not deleted at the AS.
     */
    private Optional<SharedClient> unused(ClientRegistration released) {
        String issuer = released.issuer();
        if (issuer == null || store.inUse(issuer, released.clientId())) {
            return Optional.empty();
        }
        Optional<SharedClient> client = store.findRegistered(issuer, released.clientId());
        if (client.isEmpty()) {
            return client;
        }
        store.deleteRegistered(issuer, released.clientId());
        if (store.inUse(issuer, released.clientId())) {
            store.saveRegisteredIfAbsent(client.get());
            return Optional.empty();
        }
        return client;
    }
}
