package io.github.mcpoauth.internal.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.telemetry.Spans;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.PendingAuthorization;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Starts an authorization code flow with PKCE (RFC 6749 section 4.1.1, RFC 7636 section 4.3, RFC
 * 8707 section 2): discovery, client identity, then a fresh {@code state} and code verifier saved
 * as a {@link PendingAuthorization} whose {@code authUrl} the user is sent to. It replaces the server's
 * earlier pending authorizations: only the newest {@code authUrl} completes. Where it applies,
 * enterprise-managed authorization ({@link EnterpriseAuthorization}) is tried first, after discovery
 * and client identity, and a flow is only started when it brings no tokens.
 */
final class AuthorizationStarter {

    /** Step-up authorizations after {@code insufficient_scope} in a row before giving up. */
    static final int MAX_STEP_UP_ATTEMPTS = 3;

    private final Discoverer discoverer;
    private final ClientIdentities identities;
    private final McpStore store;
    private final Clock clock;
    private final Duration ttl;
    private final Executor executor;
    private final EnterpriseAuthorization enterprise;
    private final Dpop dpop;

    AuthorizationStarter(Discoverer discoverer, ClientIdentities identities, McpStore store, Clock clock, Duration ttl,
            Executor executor, EnterpriseAuthorization enterprise, Dpop dpop) {
        this.discoverer = discoverer;
        this.identities = identities;
        this.store = store;
        this.clock = clock;
        this.ttl = ttl;
        this.executor = executor;
        this.enterprise = enterprise;
        this.dpop = dpop;
    }

    /** The authorization code flow only: the pending authorization the user completes. */
    CompletableFuture<PendingAuthorization> begin(AuthorizationTarget target, BearerChallenge challenge, int attempt,
            Trace parent) {
        return start(target, challenge, attempt, parent, false).thenApply(AuthorizationStart::pending);
    }

    /**
     * Enterprise-managed authorization first where it applies ({@link EnterpriseAuthorization}),
     * the authorization code flow when it does not or gives no tokens.
     */
    CompletableFuture<AuthorizationStart> start(AuthorizationTarget target, BearerChallenge challenge, int attempt,
            Trace parent) {
        return start(target, challenge, attempt, parent, true);
    }

    /** Starts the flow in a span of its own, a child of {@code parent}, ended however the start ends. */
    private CompletableFuture<AuthorizationStart> start(AuthorizationTarget target, BearerChallenge challenge,
            int attempt, Trace parent, boolean enterpriseFirst) {
        Trace span = Spans.server(parent.child(Spans.AUTHORIZATION_START, Trace.SpanKind.INTERNAL), target.serverUrl())
                .set(Spans.SERVER_ID, target.serverId()).set(Spans.ATTEMPT, Math.max(1, attempt));
        return span.around(() -> startIn(target, challenge, attempt, span, enterpriseFirst));
    }

    private CompletableFuture<AuthorizationStart> startIn(AuthorizationTarget target, BearerChallenge challenge,
            int attempt, Trace span, boolean enterpriseFirst) {
        BearerChallenge c = challenge == null ? BearerChallenge.none() : challenge;
        int tries = Math.max(1, attempt);
        try {
            checkRedirectUri(target.redirectUri());
            if (!WellKnownUrls.isHttp(target.serverUrl())) {
                throw new McpOAuthException(Code.INVALID_REQUEST, "The server URL must be an absolute http(s) URL");
            }
        } catch (McpOAuthException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (c.insufficientScope() && tries > MAX_STEP_UP_ATTEMPTS) {
            return CompletableFuture.failedFuture(new McpOAuthException(Code.FORBIDDEN,
                    ErrorText.sanitize("Server " + target.serverId() + " still reports insufficient scope after "
                            + MAX_STEP_UP_ATTEMPTS + " authorizations")));
        }
        ServerKey key = new ServerKey(target.owner(), target.serverId());
        // a 401 for a server authorized before: its resource may name another AS now, so re-read the metadata
        return discoverer.afterChallenge(key, target.serverUrl(), c, store.registrations(), executor, span)
                .thenComposeAsync(discovery -> identities.resolve(target, discovery, span)
                        .thenComposeAsync(registration -> enterpriseFirst && enterprise.appliesTo(discovery.authServer())
                                ? enterprise.obtain(target, discovery, registration, scope(target, c, discovery))
                                        .thenApplyAsync(outcome -> outcome.granted()
                                                ? AuthorizationStart.granted(outcome.tokens())
                                                : AuthorizationStart.popup(save(target, c, tries, discovery, registration),
                                                        outcome.reason()), executor)
                                : CompletableFuture.completedFuture(AuthorizationStart.popup(
                                        save(target, c, tries, discovery, registration), null)), executor), executor);
    }

    /** What to ask for (MCP "Scope Selection Strategy"); with step-up, what was granted before too. */
    private String scope(AuthorizationTarget target, BearerChallenge challenge, DiscoveryResult discovery) {
        return Scopes.forChallenge(challenge, discovery.scopesSupported(), store.tokens(),
                new ServerKey(target.owner(), target.serverId()));
    }

    private PendingAuthorization save(AuthorizationTarget target, BearerChallenge challenge, int attempt,
            DiscoveryResult discovery, ClientRegistration registration) {
        String scope = Scopes.withOfflineAccess(scope(target, challenge, discovery),
                discovery.authServer().scopesSupported());
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationRequest.Builder request = new AuthorizationRequest.Builder(ResponseType.CODE,
                new ClientID(registration.clientId()))
                .endpointURI(URI.create(registration.authorizationEndpoint()))
                .redirectionURI(target.redirectUri())
                .state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .resources(URI.create(discovery.resource()));
        if (scope != null) {
            request.scope(Scope.parse(scope));
        }
        String authUrl = request.build().toURI().toString();
        Instant now = clock.instant();
        AuthServer as = discovery.authServer();
        PendingAuthorization pending = new PendingAuthorization(state.getValue(), target.owner(), target.serverId(),
                verifier.getValue(), target.redirectUri().toString(), discovery.resource(), scope,
                as.fromMetadata() ? as.issuer() : null, authUrl, attempt, now, now.plus(ttl), as.issuerInResponse(),
                dpop.algorithmFor(as, challenge.dpopOffered() || discovery.resourceAcceptsDpop()));
        store.pendingAuthorizations().saveReplacing(pending);
        return pending;
    }

    /** OAuth 2.1 section 7.5.1: redirect URIs use TLS, except on the loopback interface. */
    static void checkRedirectUri(URI redirectUri) {
        if (redirectUri == null) {
            throw new McpOAuthException(Code.INVALID_REQUEST, "No OAuth redirect URI: set mcp.oauth.callback-url");
        }
        String scheme = redirectUri.getScheme() == null ? "" : redirectUri.getScheme().toLowerCase(Locale.ROOT);
        String host = redirectUri.getHost() == null ? "" : redirectUri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = isLoopbackHost(host);
        if (redirectUri.getRawFragment() != null || host.isEmpty()
                || !(scheme.equals("https") || (scheme.equals("http") && loopback))) {
            throw new McpOAuthException(Code.INVALID_REQUEST, ErrorText.sanitize(
                    "The redirect URI must be an https URL, or http on loopback, without a fragment: " + redirectUri));
        }
    }

    /** localhost, [::1] or 127.x.y.z, as a URI's host spells them (lower case). */
    static boolean isLoopbackHost(String host) {
        return host.equals("localhost") || host.equals("[::1]") || host.matches("127(\\.\\d{1,3}){3}");
    }
}
