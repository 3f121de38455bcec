package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.telemetry.Telemetry;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.store.TokenSet;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The client side of MCP authorization (specification 2025-11-25, "Authorization"): starts
 * authorization code flows with PKCE after a challenge, completes them at the callback, hands out
 * access tokens and refreshes them. It coordinates small collaborators that each do one job:
 * discovery (RFC 9728, RFC 8414), client identity (pre-registered, Client ID Metadata Document,
 * RFC 7591), the authorization request, the callback and the token endpoint.
 *
 * <p>Every method is asynchronous and thread-safe; failures complete the future with a
 * {@link io.github.mcpoauth.McpOAuthException} whose message is safe to show. Outbound requests
 * go through the shared {@link HttpClient}, which must not follow redirects (each URL is checked
 * by {@link UrlGuard} before it is fetched).
 */
public final class McpAuthorizationManager {

    private final McpOAuthConfig config;
    private final McpStore store;
    private final Clock clock;
    private final Discoverer discoverer;
    private final AuthorizationStarter starter;
    private final AuthorizationCompleter callbacks;
    private final TokenRefresher refresher;
    private final AppGrants appGrants;
    private final RefreshFailures refreshFailures;
    private final Retirement retirement;
    private final Executor executor;
    private final Telemetry telemetry;
    private final Dpop dpop;

    private McpAuthorizationManager(Builder b) {
        this.config = Objects.requireNonNull(b.config, "config");
        this.store = Objects.requireNonNull(b.store, "store");
        HttpClient httpClient = Objects.requireNonNull(b.httpClient, "httpClient");
        if (httpClient.followRedirects() != HttpClient.Redirect.NEVER) {
            // a followed redirect would reach an address the UrlGuard never saw
            throw new IllegalArgumentException("The HttpClient must be built with Redirect.NEVER");
        }
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
        this.telemetry = b.telemetry == null ? Telemetry.OFF : b.telemetry;
        // never the common pool: its threads outlive a web application and would run our code
        this.executor = b.executor != null ? b.executor : httpClient.executor().orElse(Runnable::run);
        Optional<ClientJwk> jwk = config.clientJwk().map(ClientJwk::load);
        UrlGuard guard = b.urlGuard != null ? b.urlGuard : new UrlGuard(config.allowPrivateNetwork(), config.allowLoopback());
        OAuthHttp http = new OAuthHttp(httpClient, guard, config.requestTimeout(),
                config.httpLimits().minTransferRate(), executor, Objects.requireNonNull(b.scheduler, "scheduler"));
        ClientAuthentications authentications = new ClientAuthentications(jwk, config);
        ClientConfigurationEndpoint configurationEndpoint = new ClientConfigurationEndpoint(http);
        SharedClients shared = new SharedClients(store.registrations(),
                new DynamicRegistration(http, config.clientName(), jwk), new RegistrationDeletion(configurationEndpoint),
                new RegistrationCheck(store.registrations(), new RegistrationRead(configurationEndpoint), clock,
                        executor), clock, executor);
        this.dpop = new Dpop(config.dpop());
        TokenEndpoint tokenEndpoint = new TokenEndpoint(http, dpop, authentications, clock, shared::rejected);
        AuthServerDiscovery authServers = new AuthServerDiscovery(http);
        this.discoverer = new Discoverer(new ResourceMetadataDiscovery(http), authServers, clock);
        this.retirement = new Retirement(new TokenRevoker(authServers, http, authentications), shared);
        ClientIdentities identities = new ClientIdentities(config, store, shared, retirement, jwk.isPresent(), clock);
        EnterpriseAuthorization enterprise = new EnterpriseAuthorization(config.enterpriseIdp(),
                b.idTokens == null ? owner -> Optional.empty() : b.idTokens, new IdJagExchange(http),
                new JwtBearerTokenRequest(tokenEndpoint), authServers, store, clock, executor);
        this.starter = new AuthorizationStarter(discoverer, identities, store, clock, config.authorizationTtl(),
                executor, enterprise, dpop);
        this.callbacks = new AuthorizationCompleter(store, tokenEndpoint, clock, executor);
        this.appGrants = new AppGrants(config, store, discoverer, identities, tokenEndpoint,
                new WorkloadAssertions(config.workloadTokens(), b.workloadTokenSuppliers), executor);
        this.refreshFailures = new RefreshFailures(clock);
        this.refresher = new TokenRefresher(store, tokenEndpoint, executor, appGrants, refreshFailures);
    }

    /** Token refreshes that failed or were refused since start, for the health summary. */
    public RefreshFailures.Count refreshFailures() {
        return refreshFailures.count();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * After a 401/403 challenge (or with {@link BearerChallenge#none()} to start proactively):
     * discovers the resource and authorization server metadata, obtains a client identity, saves a
     * {@link PendingAuthorization} (state, PKCE verifier, expiry after the authorization TTL) and
     * returns it; its {@code authUrl()} is where to send the user.
     *
     * The authorization code flow alone: connections go through {@link #authorize}, which may try
     * enterprise-managed authorization first.
     *
     * @param attempt consecutive attempts for this server, 1 for the first
     */
    public CompletableFuture<PendingAuthorization> beginAuthorization(AuthorizationTarget target,
            BearerChallenge challenge, int attempt) {
        Objects.requireNonNull(target, "target");
        return unwrapped(starter.begin(target, challenge, attempt, telemetry.current()));
    }

    /**
     * As {@link #beginAuthorization}, but where {@code mcp.oauth.enterprise-idp-issuer} is set and
     * the server's authorization server is one of {@code mcp.oauth.enterprise-issuers}, first tries
     * enterprise-managed authorization with the owner's ID token: when that grants tokens they are
     * stored and nothing waits for the user; otherwise the pending authorization comes with the reason.
     */
    public CompletableFuture<AuthorizationStart> authorize(AuthorizationTarget target, BearerChallenge challenge,
            int attempt, Trace parent) {
        Objects.requireNonNull(target, "target");
        return unwrapped(starter.start(target, challenge, attempt, parent));
    }

    /**
     * For a server of one of the application's own owners ({@code mcp.oauth.app-owners}), after a
     * challenge: obtains and stores tokens with no user, by the JWT-bearer grant with a workload
     * assertion or the client credentials grant ({@link AppGrants}). Fails with a safe message when
     * the AS is not one the application's credentials are bound to, or refuses the grant.
     */
    public CompletableFuture<Void> authorizeWithoutUser(AuthorizationTarget target, BearerChallenge challenge) {
        Objects.requireNonNull(target, "target");
        return unwrapped(appGrants.authorize(target, challenge).thenApply(tokens -> (Void) null));
    }

    /**
     * Completes an authorization from the redirect's query parameters. A callback with an unknown,
     * expired, replayed or foreign {@code state}, or an unexpected {@code iss}, fails with
     * {@code INVALID_CALLBACK} and changes nothing. Once the state is consumed the future completes
     * with the {@link AuthorizationOutcome}: tokens stored, or the flow ended (an error response, no
     * code, a failed exchange) with the reason.
     */
    public CompletableFuture<AuthorizationOutcome> completeAuthorization(String owner, Map<String, String> params) {
        Objects.requireNonNull(owner, "owner");
        return unwrapped(callbacks.complete(owner, params, telemetry.current()));
    }

    /**
     * A usable access token for the server, refreshed first when it is due ({@link TokenSet#refreshDue}: within
     * the refresh skew of expiry, at most half its lifetime; one refresh per server however many
     * callers wait); empty when there are no tokens, or they
     * expired and cannot be refreshed, or the grant was revoked. When a refresh fails for another
     * reason the old token is returned while it is still valid, else the future fails.
     */
    public CompletableFuture<Optional<String>> accessToken(String owner, String serverId) {
        return tokens(owner, serverId, telemetry.current()).thenApply(tokens -> tokens.map(TokenSet::accessToken));
    }

    /** As {@link #tokens(String, String, Trace)}, a refresh's span a child of the current span. */
    public CompletableFuture<Optional<TokenSet>> tokens(String owner, String serverId) {
        return tokens(owner, serverId, telemetry.current());
    }

    /**
     * Like {@link #accessToken}, with the whole {@link TokenSet}: its type and DPoP key say how the
     * token is presented ({@link #dpop()}); a refresh's span is a child of {@code parent}.
     */
    public CompletableFuture<Optional<TokenSet>> tokens(String owner, String serverId, Trace parent) {
        ServerKey key = new ServerKey(owner, serverId);
        CompletableFuture<Optional<TokenSet>> result = CompletableFuture
                .supplyAsync(() -> store.tokens().find(owner, serverId), executor)
                .thenCompose(stored -> {
                    if (stored.isEmpty()) {
                        return CompletableFuture.completedFuture(Optional.<TokenSet>empty());
                    }
                    if (!stored.get().refreshDue(config.refreshSkew(), clock.instant())) {
                        return CompletableFuture.completedFuture(stored);
                    }
                    return refresher.refresh(key, t -> t.refreshDue(config.refreshSkew(), clock.instant()), parent)
                            .handle((tokens, error) -> usable(tokens, error, stored.get()));
                });
        return unwrapped(result);
    }

    /**
     * After the server answered 401 to {@code rejectedAccessToken}: true when the stored token
     * already differs or a refresh produced a new one; false when there is nothing to refresh with
     * or the grant was revoked ({@code invalid_grant}, which drops the tokens). Fails when the
     * token endpoint cannot be reached or answers badly.
     */
    public CompletableFuture<Boolean> refreshAfterRejection(String owner, String serverId, String rejectedAccessToken) {
        return refreshAfterRejection(owner, serverId, rejectedAccessToken, telemetry.current());
    }

    /** As {@link #refreshAfterRejection(String, String, String)}, a refresh's span a child of {@code parent}. */
    public CompletableFuture<Boolean> refreshAfterRejection(String owner, String serverId, String rejectedAccessToken,
            Trace parent) {
        ServerKey key = new ServerKey(owner, serverId);
        CompletableFuture<Boolean> result = refresher
                .refresh(key, t -> t.accessToken().equals(rejectedAccessToken), parent)
                .thenApply(tokens -> tokens.map(t -> !t.accessToken().equals(rejectedAccessToken)).orElse(false));
        return unwrapped(result);
    }

    /**
     * After a server was removed with its stored registration and tokens: revokes its refresh and
     * access tokens (RFC 7009) when its authorization server advertises a revocation endpoint, then,
     * when no stored server uses its dynamically registered client any more, deletes that
     * registration at the AS (RFC 7592). Each exchange runs on this manager's executor within the
     * request timeout; the future never fails (a failure is logged, without tokens or secrets), so a
     * caller need not wait for it.
     */
    public CompletableFuture<Void> serverRemoved(String serverId, ClientRegistration registration,
            Optional<TokenSet> tokens) {
        Objects.requireNonNull(registration, "registration");
        return retirement.retire(serverId, registration, tokens == null ? Optional.empty() : tokens);
    }

    /** Drops what is cached for the server: its in-flight refresh and its discovery results. */
    public void forget(String owner, String serverId) {
        ServerKey key = new ServerKey(owner, serverId);
        refresher.forget(key);
        discoverer.forget(key);
    }

    /** How tokens are presented to MCP servers: bearer, or DPoP with a proof (RFC 9449). */
    public Dpop dpop() {
        return dpop;
    }

    /** A failed refresh still leaves a token that has not expired yet usable. */
    private Optional<TokenSet> usable(Optional<TokenSet> tokens, Throwable error, TokenSet before) {
        Instant now = clock.instant();
        if (error != null) {
            if (before.expiresAt() != null && now.isBefore(before.expiresAt())) {
                return Optional.of(before);
            }
            throw new java.util.concurrent.CompletionException(OAuthHttp.unwrap(error));
        }
        return tokens.filter(t -> t.expiresAt() == null || now.isBefore(t.expiresAt()));
    }

    /** Completes with the cause itself rather than a CompletionException wrapping it. */
    private static <T> CompletableFuture<T> unwrapped(CompletableFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(OAuthHttp.unwrap(error));
            } else {
                result.complete(value);
            }
        });
        return result;
    }

    /** Assembles a manager; config, store, httpClient and scheduler are required, the clock defaults to UTC. */
    public static final class Builder {
        private McpOAuthConfig config;
        private McpStore store;
        private HttpClient httpClient;
        private UrlGuard urlGuard;
        private Clock clock;
        private Executor executor;
        private ScheduledExecutorService scheduler;
        private Function<String, Optional<String>> idTokens;
        private Telemetry telemetry;
        private final Map<String, Supplier<String>> workloadTokenSuppliers = new HashMap<>();

        private Builder() {
        }

        /**
         * The signed-in ID token of an owner, for enterprise-managed authorization: called on the
         * executor with the owner of the server being authorized, and must answer for that owner only.
         */
        public Builder idTokens(Function<String, Optional<String>> idTokens) {
            this.idTokens = idTokens;
            return this;
        }

        /** Spans for the OAuth steps; by default none ({@link Telemetry#OFF}). */
        public Builder telemetry(Telemetry value) {
            this.telemetry = value;
            return this;
        }

        /**
         * Where the application's own servers at the AS with this issuer get their workload identity
         * assertion (in addition to {@code mcp.oauth.workload-tokens}); called for every grant.
         */
        public Builder workloadTokenSupplier(String issuer, Supplier<String> supplier) {
            workloadTokenSuppliers.put(Objects.requireNonNull(issuer, "issuer"), Objects.requireNonNull(supplier, "supplier"));
            return this;
        }

        public Builder config(McpOAuthConfig config) {
            this.config = config;
            return this;
        }

        public Builder store(McpStore store) {
            this.store = store;
            return this;
        }

        /** The application's shared client; it must be built with {@link HttpClient.Redirect#NEVER}. */
        /** The guard of every outbound URL; by default one from the config's two keys. */
        public Builder urlGuard(UrlGuard guard) {
            this.urlGuard = guard;
            return this;
        }

        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Where store reads and response handling run: by default the client's own executor, or,
         * when it has none, the thread that completed the previous step.
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * Required: runs the timers that end an exchange at its deadline ({@code mcp.oauth.request-timeout},
         * body included) or when its body is slower than {@code mcp.oauth.min-transfer-rate}. The
         * caller owns it and shuts it down.
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /**
         * @throws IllegalArgumentException when the client follows redirects or
         *     {@code mcp.oauth.client-jwk} is unusable
         */
        public McpAuthorizationManager build() {
            return new McpAuthorizationManager(this);
        }
    }
}
