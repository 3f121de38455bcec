package io.github.mcpoauth.internal.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.config.EnterpriseIdp;
import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.TokenSet;
import java.net.URI;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enterprise-managed authorization (MCP extension {@code io.modelcontextprotocol/enterprise-managed-authorization},
 * the Identity Assertion JWT Authorization Grant): for a server whose authorization server is one
 * of {@code mcp.oauth.enterprise-issuers}, the owner's ID token is exchanged at the configured
 * identity provider for an ID-JAG ({@link IdJagExchange}, RFC 8693), which the authorization server
 * takes in a JWT bearer grant ({@link JwtBearerTokenRequest}, RFC 7523); the tokens are stored like
 * those of a completed authorization. No user is involved, so no popup.
 *
 * <p>The ID token comes from the supplier for that owner alone and goes to the identity provider
 * alone; the ID-JAG goes to the one authorization server it was requested for. Neither is logged or
 * kept. An ID token that is not from the configured issuer, or has expired, is not sent at all.
 * Whatever fails becomes a reason, shown with the popup that follows.
 */
final class EnterpriseAuthorization {

    private static final Logger LOG = LoggerFactory.getLogger(EnterpriseAuthorization.class);

    private final Optional<EnterpriseIdp> idp;
    private final Function<String, Optional<String>> idTokens;
    private final IdJagExchange exchange;
    private final JwtBearerTokenRequest bearer;
    private final AuthServerDiscovery authServers;
    private final McpStore store;
    private final Clock clock;
    private final Executor executor;
    private final AtomicReference<CompletableFuture<URI>> discoveredTokenEndpoint = new AtomicReference<>();

    EnterpriseAuthorization(Optional<EnterpriseIdp> idp, Function<String, Optional<String>> idTokens,
            IdJagExchange exchange, JwtBearerTokenRequest bearer, AuthServerDiscovery authServers, McpStore store,
            Clock clock, Executor executor) {
        this.idp = idp;
        this.idTokens = idTokens;
        this.exchange = exchange;
        this.bearer = bearer;
        this.authServers = authServers;
        this.store = store;
        this.clock = clock;
        this.executor = executor;
    }

    /** Whether to try it for this authorization server: configured, and the AS is one that takes ID-JAGs. */
    boolean appliesTo(AuthServer as) {
        return idp.isPresent() && as.fromMetadata() && idp.get().accepts(as.issuer());
    }

    /** What came of it: tokens (already stored), or why not. Never fails. */
    CompletableFuture<Outcome> obtain(AuthorizationTarget target, DiscoveryResult discovery,
            ClientRegistration registration, String scope) {
        EnterpriseIdp provider = idp.orElseThrow();
        String audience = discovery.authServer().issuer();
        CompletableFuture<Outcome> result;
        try {
            if (!audience.equals(registration.issuer())) {
                // the ID-JAG would go to the token endpoint of another AS than it is meant for
                throw new NotUsed("the server's client registration belongs to another authorization server");
            }
            result = CompletableFuture.supplyAsync(() -> idToken(target.owner(), provider), executor)
                    .thenCompose(idToken -> tokenEndpoint(provider).thenCompose(endpoint -> exchange.exchange(endpoint,
                            provider, idToken, audience, discovery.resource(), scope)))
                    .thenCompose(idJag -> bearer.request(registration, idJag, scope).exceptionally(error -> {
                        Throwable cause = OAuthHttp.unwrap(error);
                        throw cause instanceof McpOAuthException refused
                                ? new NotUsed("the authorization server did not take the ID-JAG: " + refused.getMessage())
                                : new CompletionException(cause);
                    }))
                    .thenApplyAsync(tokens -> {
                        store.tokens().save(target.owner(), target.serverId(), tokens);
                        return new Outcome(tokens, null);
                    }, executor);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.exceptionally(error -> declined(target, OAuthHttp.unwrap(error)));
    }

    private Outcome declined(AuthorizationTarget target, Throwable error) {
        String why = error instanceof NotUsed || error instanceof McpOAuthException ? error.getMessage()
                : "an unexpected " + error.getClass().getSimpleName();
        String reason = ErrorText.sanitize("No access through the enterprise identity provider: " + why
                + ". Authorize this server yourself instead.");
        LOG.info("Enterprise-managed authorization for server {} gave no token, the user is asked instead: {}",
                target.serverId(), why);
        LOG.debug("Enterprise-managed authorization for server {} failed", target.serverId(), error);
        return new Outcome(null, reason);
    }

    /** The owner's ID token, when it is one to send: from the configured issuer and not expired. */
    private String idToken(String owner, EnterpriseIdp provider) {
        Optional<String> supplied;
        try {
            supplied = idTokens.apply(owner);
        } catch (RuntimeException e) {
            throw new NotUsed("the application's ID token supplier failed (" + e.getClass().getSimpleName() + ")");
        }
        String token = supplied == null ? null : supplied.filter(t -> !t.isBlank()).orElse(null);
        if (token == null) {
            throw new NotUsed("your sign-in provided no ID token");
        }
        JWTClaimsSet claims;
        try {
            claims = JWTParser.parse(token).getJWTClaimsSet();
        } catch (java.text.ParseException | RuntimeException e) {
            throw new NotUsed("the ID token of your sign-in is not a JWT");
        }
        if (!provider.issuer().equals(claims.getIssuer())) {
            throw new NotUsed("your ID token was not issued by " + provider.issuer());
        }
        Date expiry = claims.getExpirationTime();
        if (expiry != null && !expiry.toInstant().isAfter(clock.instant())) {
            throw new NotUsed("your ID token has expired; signing in again renews it");
        }
        return token;
    }

    /** The configured endpoint, else the issuer's metadata's, looked up once (again after a failure). */
    private CompletableFuture<URI> tokenEndpoint(EnterpriseIdp provider) {
        if (provider.tokenEndpoint().isPresent()) {
            return CompletableFuture.completedFuture(provider.tokenEndpoint().get());
        }
        CompletableFuture<URI> known = discoveredTokenEndpoint.get();
        if (known != null && !known.isCompletedExceptionally()) {
            return known;
        }
        CompletableFuture<URI> fresh = authServers.discover(URI.create(provider.issuer()), false)
                .thenApply(AuthServer::tokenEndpoint);
        discoveredTokenEndpoint.set(fresh);
        return fresh;
    }

    /** Tokens, or the reason (safe to show) there are none. */
    record Outcome(TokenSet tokens, String reason) {
        boolean granted() {
            return tokens != null;
        }
    }

    /** A reason not to go on, worded for the user. */
    private static final class NotUsed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotUsed(String message) {
            super(message, null, false, false);
        }
    }
}
