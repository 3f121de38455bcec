package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.store.ClientRegistrationStore;
import io.github.mcpoauth.store.SharedClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confirms that the authorization server still knows a stored shared registration before an
 * authorization starts with it. An AS must not redirect back for an unknown client_id (RFC 6749
 * section 4.1.2.1), so an authorization URL that names a registration an administrator deleted
 * leaves the user on the AS's own error page, and nothing would notice until a token request
 * failed. So the registration is read first ({@link RegistrationRead}, RFC 7592 section 2.1), at
 * most once per {@link #INTERVAL} per registration on this node: one the AS no longer knows is
 * forgotten, so the caller registers afresh; a new registration access token in the answer is
 * stored (section 3); an unanswered read leaves everything as it was, since a flaky AS must not
 * keep users from authorizing. A registration without a configuration endpoint or token (an AS
 * without RFC 7592) is used unread.
 */
final class RegistrationCheck {

    /** How long a read registration counts as confirmed on this node. */
    static final Duration INTERVAL = Duration.ofSeconds(60);

    /** Registrations whose last read is remembered; beyond that, expired memories go, then all. */
    static final int MAX_REMEMBERED = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationCheck.class);

    private final ClientRegistrationStore store;
    private final RegistrationRead read;
    private final Clock clock;
    private final Executor executor;
    private final Map<String, Instant> lastRead = new ConcurrentHashMap<>();

    RegistrationCheck(ClientRegistrationStore store, RegistrationRead read, Clock clock, Executor executor) {
        this.store = store;
        this.read = read;
        this.clock = clock;
        this.executor = executor;
    }

    /** The client to start with, its token updated if it was rotated; empty when it was forgotten. */
    CompletableFuture<Optional<SharedClient>> confirm(SharedClient client) {
        if (!ClientConfigurationEndpoint.offeredFor(client) || !due(client)) {
            return CompletableFuture.completedFuture(Optional.of(client));
        }
        return read.read(client).thenApplyAsync(answer -> switch (answer.verdict()) {
            case GONE -> forget(client);
            case KNOWN -> Optional.of(keepToken(client, answer.registrationAccessToken()));
            case UNANSWERED -> Optional.of(client);
        }, executor);
    }

    /** Whether this registration was not read within the interval; if so, counts it as read now. */
    private boolean due(SharedClient client) {
        Instant now = clock.instant();
        boolean[] due = {false};
        lastRead.compute(client.issuer() + ' ' + client.clientId(), (id, last) -> {
            if (last != null && now.isBefore(last.plus(INTERVAL))) {
                return last;
            }
            due[0] = true;
            return now;
        });
        if (lastRead.size() > MAX_REMEMBERED) {
            lastRead.values().removeIf(last -> !now.isBefore(last.plus(INTERVAL)));
            if (lastRead.size() > MAX_REMEMBERED) {
                lastRead.clear(); // at worst a few registrations are read once more
            }
        }
        return due[0];
    }

    /**
     * Forgets the registration, unless it changed in the store meanwhile (another node re-registered
     * or stored a rotated token, which may be why the token this read sent was refused).
     */
    private Optional<SharedClient> forget(SharedClient client) {
        Optional<SharedClient> stored = store.findRegistered(client.key());
        if (stored.isPresent() && !stored.get().equals(client)) {
            return stored;
        }
        store.deleteRegistered(client.issuer(), client.clientId());
        LOG.info("Forgot the client registration at {} that it no longer knows; registering again", client.issuer());
        return Optional.empty();
    }

    private SharedClient keepToken(SharedClient client, String token) {
        if (token == null || token.equals(client.registrationAccessToken())) {
            return client;
        }
        try {
            if (store.replaceRegistrationAccessToken(client.key(), client.registrationAccessToken(), token)) {
                LOG.debug("The authorization server {} issued a new registration access token; stored", client.issuer());
                return client.withRegistrationAccessToken(token);
            }
            LOG.debug("The registration access token at {} changed in the store meanwhile", client.issuer());
        } catch (RuntimeException e) {
            LOG.info("Could not store the new registration access token from {}: {}", client.issuer(),
                    e.getClass().getSimpleName());
        }
        return client;
    }
}
