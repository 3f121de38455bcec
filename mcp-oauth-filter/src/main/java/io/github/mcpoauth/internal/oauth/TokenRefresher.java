package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.telemetry.Spans;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.TokenSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes a server's tokens (RFC 6749 section 6), at most one refresh per owner's server at a
 * time: concurrent callers share the one in flight. Each refresh re-reads the store first, so a
 * caller that looked just before another refresh finished does not refresh again. The result is
 * stored with a compare-and-set, so a refresh that loses to a delete or to another refresh never
 * resurrects old tokens; {@code invalid_grant} (or {@code invalid_client}) drops the tokens. Tokens
 * of the application's own owners, which come without a refresh token, are granted afresh
 * ({@link AppGrants#renew}) under the same rules.
 */
final class TokenRefresher {

    private static final Logger LOG = LoggerFactory.getLogger(TokenRefresher.class);

    private final McpStore store;
    private final TokenEndpoint tokenEndpoint;
    private final Executor executor;
    private final AppGrants appGrants;
    private final RefreshFailures failures;
    private final Map<ServerKey, CompletableFuture<Optional<TokenSet>>> inFlight = new ConcurrentHashMap<>();

    TokenRefresher(McpStore store, TokenEndpoint tokenEndpoint, Executor executor, AppGrants appGrants,
            RefreshFailures failures) {
        this.store = store;
        this.tokenEndpoint = tokenEndpoint;
        this.executor = executor;
        this.appGrants = appGrants;
        this.failures = failures;
    }

    /**
     * The server's tokens after refreshing them if {@code needed} still holds for the stored ones:
     * empty when there are none (or the grant was revoked); the stored tokens unchanged when no
     * refresh was needed or possible. Fails on transport errors and unexpected token responses.
     */
    CompletableFuture<Optional<TokenSet>> refresh(ServerKey key, Predicate<TokenSet> needed, Trace parent) {
        CompletableFuture<Optional<TokenSet>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<TokenSet>> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running.copy();
        }
        CompletableFuture.supplyAsync(() -> store.tokens().find(key.owner(), key.serverId()), executor)
                .thenCompose(current -> refreshIfNeeded(key, current, needed, parent))
                .whenComplete((result, error) -> {
                    inFlight.remove(key, mine);
                    if (error != null) {
                        failures.record();
                        mine.completeExceptionally(OAuthHttp.unwrap(error));
                    } else {
                        mine.complete(result);
                    }
                });
        return mine.copy();
    }

    void forget(ServerKey key) {
        inFlight.remove(key);
    }

    private CompletableFuture<Optional<TokenSet>> refreshIfNeeded(ServerKey key, Optional<TokenSet> current,
            Predicate<TokenSet> needed, Trace parent) {
        // the application's own servers have no refresh token: they are granted again instead
        boolean regrant = current.isPresent() && current.get().refreshToken() == null && appGrants.renews(key.owner());
        if (current.isEmpty() || !needed.test(current.get()) || (current.get().refreshToken() == null && !regrant)) {
            return CompletableFuture.completedFuture(current);
        }
        Optional<ClientRegistration> registration = store.registrations().find(key.owner(), key.serverId());
        if (registration.isEmpty()) {
            LOG.warn("Cannot refresh tokens of server {}: no client registration", key.serverId());
            return CompletableFuture.completedFuture(current);
        }
        TokenSet old = current.get();
        // the registration names the AS and client the tokens belong to; when it changed after the
        // tokens were read, those tokens were deleted first, and must not go to the new one
        if (!store.tokens().find(key.owner(), key.serverId()).equals(current)) {
            return CompletableFuture.completedFuture(store.tokens().find(key.owner(), key.serverId()));
        }
        // a span only for a refresh that reaches the token endpoint; failed when the grant is refused too
        Trace span = Spans.server(parent.child(Spans.TOKEN_REFRESH, Trace.SpanKind.CLIENT),
                java.net.URI.create(registration.get().tokenEndpoint())).set(Spans.SERVER_ID, key.serverId());
        return span.around(() -> (regrant ? appGrants.renew(registration.get(), old)
                : tokenEndpoint.refresh(registration.get(), old)).thenApply(next -> {
            if (next.isEmpty()) {
                span.fail("invalid_grant");
            }
            return next;
        })).thenApply(next -> next.isPresent()
                ? store(key, old, next.get())
                : drop(key, old));
    }

    private Optional<TokenSet> store(ServerKey key, TokenSet old, TokenSet next) {
        if (store.tokens().replace(key.owner(), key.serverId(), old, next)) {
            LOG.debug("Refreshed tokens of server {}", key.serverId());
            return Optional.of(next);
        }
        LOG.debug("Tokens of server {} changed during refresh; keeping the stored ones", key.serverId());
        return store.tokens().find(key.owner(), key.serverId());
    }

    private Optional<TokenSet> drop(ServerKey key, TokenSet old) {
        Optional<TokenSet> now = store.tokens().find(key.owner(), key.serverId());
        if (now.isPresent() && !now.get().equals(old)) {
            return now; // someone stored newer tokens meanwhile; those are not revoked
        }
        failures.record();
        LOG.info("Refresh of server {} was rejected (invalid_grant or invalid_client); tokens dropped",
                key.serverId());
        store.tokens().delete(key.owner(), key.serverId());
        return Optional.empty();
    }
}
