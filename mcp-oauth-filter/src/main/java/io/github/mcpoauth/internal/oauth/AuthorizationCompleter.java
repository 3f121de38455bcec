package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.internal.telemetry.Spans;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.PendingAuthorization;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the authorization response (RFC 6749 section 4.1.2): checks {@code state} without
 * consuming it (known, unexpired, the caller's own), checks {@code iss} (RFC 9207 section 2.4),
 * then consumes the state so a replay loses, reports an error response (section 4.1.2.1), and
 * exchanges the code for tokens, which it stores. A check failing before the state is consumed
 * fails the future and changes nothing; anything after it is an {@link AuthorizationOutcome}.
 */
final class AuthorizationCompleter {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationCompleter.class);

    private final McpStore store;
    private final TokenEndpoint tokenEndpoint;
    private final Clock clock;
    private final Executor executor;

    AuthorizationCompleter(McpStore store, TokenEndpoint tokenEndpoint, Clock clock, Executor executor) {
        this.store = store;
        this.tokenEndpoint = tokenEndpoint;
        this.clock = clock;
        this.executor = executor;
    }

    /** In a span of its own, a child of {@code parent}: failed when the callback is refused or the flow ends without tokens. */
    CompletableFuture<AuthorizationOutcome> complete(String owner, Map<String, String> params, Trace parent) {
        Map<String, String> p = params == null ? Map.of() : params;
        Trace span = parent.child(Spans.CODE_EXCHANGE, Trace.SpanKind.CLIENT);
        return span.endWhen(CompletableFuture.supplyAsync(() -> checkAndConsume(owner, p), executor)
                .thenCompose(pending -> finish(pending, p, span)));
    }

    /** The state is consumed: whatever happens now ends the flow, and says so. */
    private CompletableFuture<AuthorizationOutcome> finish(PendingAuthorization pending, Map<String, String> params,
            Trace span) {
        span.set(Spans.SERVER_ID, pending.serverId());
        CompletableFuture<AuthorizationOutcome> exchanged = span.around(() -> exchange(pending, code(pending, params), span));
        return exchanged.exceptionally(error ->
                new AuthorizationOutcome.Ended(pending.owner(), pending.serverId(), OAuthHttp.unwrap(error)));
    }

    private PendingAuthorization checkAndConsume(String owner, Map<String, String> params) {
        String state = params.get("state");
        if (state == null || state.isBlank()) {
            throw refused("The authorization response carries no state");
        }
        PendingAuthorization pending = store.pendingAuthorizations().find(state)
                .filter(found -> found.owner().equals(owner))
                .orElseThrow(() -> refused("Unknown or already used authorization state"));
        if (pending.isExpired(clock.instant())) {
            throw refused("The authorization took too long and expired; please start again");
        }
        String iss = params.get("iss");
        if (iss == null && pending.issuerRequired()) {
            LOG.warn("Callback for server {} lacks the iss its authorization server always sends", pending.serverId());
            throw refused("The authorization response lacks the issuer (iss) its authorization server always sends");
        }
        if (iss != null && pending.issuer() != null && !iss.equals(pending.issuer())) {
            LOG.warn("Callback for server {} carries a different issuer than expected", pending.serverId());
            throw refused("The authorization response comes from an unexpected issuer");
        }
        if (store.pendingAuthorizations().consume(state).isEmpty()) {
            throw refused("Unknown or already used authorization state");
        }
        return pending;
    }

    private static String code(PendingAuthorization pending, Map<String, String> params) {
        String error = params.get("error");
        if (error != null) {
            throw refused(OAuthErrors.authorizationResponse(error, params.get("error_description"), pending.authUrl()));
        }
        String code = params.get("code");
        if (code == null || code.isBlank()) {
            throw refused("The authorization response carries no code");
        }
        return code;
    }

    private CompletableFuture<AuthorizationOutcome> exchange(PendingAuthorization pending, String code, Trace span) {
        ClientRegistration registration = store.registrations().find(pending.owner(), pending.serverId())
                .orElseThrow(() -> refused("Server " + pending.serverId() + " has no client registration any more"));
        if (pending.issuer() != null && !pending.issuer().equals(registration.issuer())) {
            // the code was issued by the AS the flow started at; it never goes to another one
            throw refused("The server's authorization server changed during the authorization; please start again");
        }
        Spans.server(span, java.net.URI.create(registration.tokenEndpoint()));
        return tokenEndpoint.exchangeCode(registration, code, pending.redirectUri(), pending.codeVerifier(),
                        pending.resource(), pending.scope(), pending.dpopAlgorithm())
                .thenApply(tokens -> {
                    store.tokens().save(pending.owner(), pending.serverId(), tokens);
                    return new AuthorizationOutcome.Authorized(pending.owner(), pending.serverId(), tokens);
                });
    }

    private static McpOAuthException refused(String message) {
        return new McpOAuthException(Code.INVALID_CALLBACK, ErrorText.sanitize(message));
    }
}
