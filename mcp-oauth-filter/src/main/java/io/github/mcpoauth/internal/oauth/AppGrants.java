package io.github.mcpoauth.internal.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.JWTBearerGrant;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.TokenSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Tokens for the servers of the application's own owners ({@code mcp.oauth.app-owners}), obtained
 * with no user present: the JWT-bearer grant with a workload assertion where one is configured for
 * the AS's issuer (RFC 7523 section 2.1, MCP extension {@code wif-jwt-bearer}), else the client
 * credentials grant (RFC 6749 section 4.4, extension {@code oauth-client-credentials}) as the client
 * given with the server by the application, or the one pre-registered for that issuer. Neither grant
 * comes with a refresh token (RFC 6749 section 4.4.3), so a token that is due is replaced by a new
 * grant ({@link #renew}).
 *
 * <p>Only app owners get here, and the web layer never acts as one. The configured credentials and
 * assertions go only to the issuers they are bound to (compared exactly, RFC 8414 section 3.3): a
 * server whose metadata names another authorization server gets nothing and fails saying so.
 */
final class AppGrants {

    private final McpOAuthConfig config;
    private final McpStore store;
    private final Discoverer discoverer;
    private final ClientIdentities identities;
    private final TokenEndpoint tokenEndpoint;
    private final WorkloadAssertions assertions;
    private final Executor executor;

    AppGrants(McpOAuthConfig config, McpStore store, Discoverer discoverer, ClientIdentities identities,
            TokenEndpoint tokenEndpoint, WorkloadAssertions assertions, Executor executor) {
        this.config = config;
        this.store = store;
        this.discoverer = discoverer;
        this.identities = identities;
        this.tokenEndpoint = tokenEndpoint;
        this.assertions = assertions;
        this.executor = executor;
    }

    /** Whether the owner's tokens come from these grants, and are renewed by granting again. */
    boolean renews(String owner) {
        return config.isAppOwner(owner);
    }

    /** After a challenge: discovers the AS, binds the application's client there, grants and stores the tokens. */
    CompletableFuture<TokenSet> authorize(AuthorizationTarget target, BearerChallenge challenge) {
        if (!renews(target.owner())) {
            return CompletableFuture.failedFuture(new McpOAuthException(Code.FORBIDDEN,
                    "Only the application's own owners authorize without a user"));
        }
        BearerChallenge c = challenge == null ? BearerChallenge.none() : challenge;
        ServerKey key = new ServerKey(target.owner(), target.serverId());
        return discoverer.afterChallenge(key, target.serverUrl(), c, store.registrations(), executor, Trace.NONE)
                .thenComposeAsync(discovery -> {
                    ClientRegistration registration = identities.bind(target, discovery,
                            identityFor(target, discovery.authServer()));
                    String scope = Scopes.forChallenge(c, discovery.scopesSupported(), store.tokens(), key);
                    return grant(registration, scope).thenApplyAsync(tokens -> {
                        store.tokens().save(key.owner(), key.serverId(), tokens);
                        return tokens;
                    }, executor);
                }, executor);
    }

    /** A new grant for the stored registration, with the scope the due tokens had. */
    CompletableFuture<Optional<TokenSet>> renew(ClientRegistration registration, TokenSet due) {
        return CompletableFuture.completedFuture(registration)
                .thenComposeAsync(r -> grant(r, due.scope()), executor)
                .thenApply(Optional::of);
    }

    private ClientIdentity identityFor(AuthorizationTarget target, AuthServer as) {
        Optional<ClientIdentity> client = identities.preRegistered(target, as);
        if (assertions.covers(as.issuer())) {
            return client.orElse(new ClientIdentity("", null, ClientAuthentications.NONE));
        }
        return client.orElseThrow(() -> new McpOAuthException(Code.INVALID_REQUEST, ErrorText.sanitize(
                "The application has no credentials for the authorization server " + as.issuer()
                        + ": list that issuer in mcp.oauth.client-issuers (with mcp.oauth.client-id) or in mcp.oauth.workload-tokens")));
    }

    /** Runs on the blocking executor: a workload token file is read here, afresh for every grant. */
    private CompletableFuture<TokenSet> grant(ClientRegistration registration, String scope) {
        AuthorizationGrant grant;
        if (assertions.covers(registration.issuer())) {
            grant = new JWTBearerGrant(assertions.current(registration.issuer()));
        } else if (ClientAuthentications.NONE.equals(registration.authMethod())) {
            throw new McpOAuthException(Code.INVALID_REQUEST, ErrorText.sanitize("The client credentials grant needs"
                    + " a client that authenticates (a client secret or mcp.oauth.client-jwk) at " + registration.issuer()));
        } else {
            grant = new ClientCredentialsGrant();
        }
        return tokenEndpoint.grantWithoutUser(registration, grant, registration.resource(), scope);
    }
}
