package io.github.mcpoauth.client;

import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.oauth.McpAuthorizationManager;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.TokenSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tokens one transport presents (RFC 6750 section 2.1, or RFC 9449 section 7 for DPoP), kept
 * between requests: a request on a ready session then costs no store read and no thread hop. The token is read again once it is
 * due for a refresh ({@link TokenSet#refreshDue}; the authorization manager refreshes it then), and after
 * the server answered 401 to it ({@link #forget()}), which is also how a token refreshed through
 * another node sharing the store is picked up. "No token" is kept too: a server that needs none
 * never asks for one, and one that starts to answers 401, which leads to a new authorization and
 * a new session, hence a new transport and a new cache. A new cache can start its first read at
 * once ({@link #prefetch()}), while the session is still being set up, so the first request finds
 * it done instead of waiting for a blocking thread.
 */
final class TokenCache {

    /** What every cache reads from: the store (on the blocking threads), the clock and the refresh skew. */
    record Source(McpStore store, Clock clock, Duration refreshSkew, Executor blocking) {
    }

    private final Source source;
    private final McpAuthorizationManager auth;
    private final ServerKey key;
    /** Null: not read yet (or forgotten); empty: the store had no token. */
    private volatile Optional<TokenSet> current;
    /** A read started ahead of the first request; taken by the first {@link #token()} only. */
    private final AtomicReference<CompletableFuture<Optional<TokenSet>>> ahead = new AtomicReference<>();
    /** The tokens last handed out were DPoP-bound. */
    private volatile boolean dpop;

    TokenCache(Source source, McpAuthorizationManager auth, ServerKey key) {
        this.source = source;
        this.auth = auth;
        this.key = key;
    }

    /**
     * The tokens to present, if any: at once while the kept ones are fresh, else read (and refreshed
     * if due, the refresh's span a child of {@code trace}, the call the token is for).
     */
    CompletableFuture<Optional<TokenSet>> tokens(Trace trace) {
        Optional<TokenSet> kept = current;
        if (kept != null && (kept.isEmpty() || fresh(kept.get()))) {
            return CompletableFuture.completedFuture(noted(kept));
        }
        CompletableFuture<Optional<TokenSet>> read = ahead.getAndSet(null);
        return (read != null ? read : read())
                .thenCompose(stored -> {
                    if (stored.isEmpty() || fresh(stored.get())) {
                        current = stored;
                        return CompletableFuture.completedFuture(noted(stored));
                    }
                    // none, or due for a refresh: the manager's single-flight refresh decides
                    return auth.tokens(key.owner(), key.serverId(), trace).thenApply(this::noted);
                });
    }

    /** Whether the tokens last handed out were DPoP-bound (RFC 9449), so a server may ask for a nonce. */
    boolean dpop() {
        return dpop;
    }

    private Optional<TokenSet> noted(Optional<TokenSet> tokens) {
        dpop = tokens.map(TokenSet::dpopBound).orElse(false);
        return tokens;
    }

    /** Starts reading the stored token now, for the first {@link #token()} to use. */
    void prefetch() {
        try {
            ahead.set(read());
        } catch (RejectedExecutionException closing) {
            // the service is closing: the first request reads, and fails, by itself
        }
    }

    private CompletableFuture<Optional<TokenSet>> read() {
        return CompletableFuture.supplyAsync(() -> source.store().tokens().find(key.owner(), key.serverId()),
                source.blocking());
    }

    /** The server rejected what was sent: read the store again next time. */
    void forget() {
        current = null;
        ahead.set(null);
    }

    private boolean fresh(TokenSet tokens) {
        return !tokens.refreshDue(source.refreshSkew(), source.clock().instant());
    }
}
