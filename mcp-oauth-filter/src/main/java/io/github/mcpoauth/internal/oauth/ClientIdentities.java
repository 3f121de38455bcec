package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.config.PreRegisteredClient;
import io.github.mcpoauth.internal.telemetry.Spans;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.TokenSet;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Decides how this app identifies itself to a server's authorization server, in the order of the
 * MCP specification's client registration section: pre-registered credentials (for the server,
 * then the configured client when this issuer is one of {@code mcp.oauth.client-issuers}), a Client
 * ID Metadata Document URL when the AS supports it (the module serves that document itself, see
 * {@link ClientMetadataDocument}), and finally the application's one Dynamic
 * Client Registration at that issuer ({@link SharedClients}). The result is saved as the server's
 * {@link ClientRegistration}, which also records the issuer its tokens come from.
 *
 * <p>The configured client is bound to its issuers because any user can name any authorization
 * server through their MCP server's metadata: an unlisted issuer is treated as if no client were
 * configured. Credentials are bound to their issuer likewise (SEP-2352): when the server's resource
 * now names another authorization server, or its client changed, the server's tokens are deleted
 * before the new registration is saved (so no refresh ever pairs them with the other client or AS),
 * then revoked at the old AS, and the old registration is released there.
 */
final class ClientIdentities {

    private final McpOAuthConfig config;
    private final McpStore store;
    private final SharedClients shared;
    private final Retirement retirement;
    private final boolean haveJwk;
    private final Clock clock;

    ClientIdentities(McpOAuthConfig config, McpStore store, SharedClients shared, Retirement retirement,
            boolean haveJwk, Clock clock) {
        this.config = config;
        this.store = store;
        this.shared = shared;
        this.retirement = retirement;
        this.haveJwk = haveJwk;
        this.clock = clock;
    }

    /** @param parent the span of the flow; obtaining the shared registration gets a child span */
    CompletableFuture<ClientRegistration> resolve(AuthorizationTarget target, DiscoveryResult discovery, Trace parent) {
        AuthServer as = discovery.authServer();
        Optional<ClientIdentity> known = preRegistered(target, as).or(() -> metadataDocument(target, as));
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(bind(target, discovery, known.get()));
        }
        if (as.registrationEndpoint() == null) {
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize("The authorization server " + as.issuer()
                    + " offers no dynamic client registration and no client is configured for it;"
                    + " set mcp.oauth.client-id (and mcp.oauth.client-secret) with this issuer in mcp.oauth.client-issuers"));
        }
        Trace span = Spans.server(parent.child(Spans.CLIENT_REGISTRATION, Trace.SpanKind.CLIENT), as.registrationEndpoint());
        return span.around(() -> shared.obtain(as, target.redirectUri())).thenApply(client -> bind(target, discovery,
                new ClientIdentity(client.clientId(), client.clientSecret(), client.authMethod())));
    }

    /** The client given with the server, else the one configured for this issuer. */
    Optional<ClientIdentity> preRegistered(AuthorizationTarget target, AuthServer as) {
        if (target.client().isPresent()) {
            PreRegisteredClient c = target.client().get();
            return Optional.of(new ClientIdentity(c.clientId(), c.clientSecret(),
                    authMethodFor(c.clientSecret(), c.authMethod(), as)));
        }
        return config.preRegisteredClientFor(as.issuer()).map(c -> new ClientIdentity(c.clientId(), c.clientSecret(),
                authMethodFor(c.clientSecret(), c.authMethod(), as)));
    }

    /**
     * The document's URL as client_id. The document the module serves lists only the configured
     * callback URL, so a server authorizing with another redirect URI (its own callback URL) would be
     * refused by the AS: it registers instead. A document the operator hosts is trusted to list it.
     */
    private Optional<ClientIdentity> metadataDocument(AuthorizationTarget target, AuthServer as) {
        if (!as.clientIdMetadataDocumentSupported()
                || config.servesClientMetadata() && !config.callbackUrl().orElseThrow().equals(target.redirectUri())) {
            return Optional.empty();
        }
        return config.clientMetadataUrl().map(url -> new ClientIdentity(url.toString(), null,
                ClientMetadataDocument.authMethod(haveJwk)));
    }

    /** A given method wins; else basic with a secret (post if the AS only takes that), none without. */
    static String authMethodFor(String secret, String given, AuthServer as) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        if (secret == null || secret.isEmpty()) {
            return ClientAuthentications.NONE;
        }
        if (!as.supportsAuthMethod(ClientAuthentications.BASIC) && as.supportsAuthMethod(ClientAuthentications.POST)) {
            return ClientAuthentications.POST;
        }
        return ClientAuthentications.BASIC;
    }

    /** Saves the server's registration at this AS; a change of AS or client first deletes the server's tokens. */
    ClientRegistration bind(AuthorizationTarget target, DiscoveryResult discovery, ClientIdentity client) {
        AuthServer as = discovery.authServer();
        URI redirect = target.redirectUri();
        ClientRegistration registration = new ClientRegistration(as.issuer(), as.authorizationEndpoint().toString(),
                as.tokenEndpoint().toString(), client.clientId(), client.clientSecret(), client.authMethod(),
                redirect == null ? "" : redirect.toString(), discovery.resource(), clock.instant());
        String owner = target.owner();
        String serverId = target.serverId();
        Optional<ClientRegistration> before = store.registrations().find(owner, serverId)
                .filter(old -> !Objects.equals(old.issuer(), registration.issuer())
                        || !old.clientId().equals(registration.clientId()));
        Optional<TokenSet> orphaned = Optional.empty();
        if (before.isPresent()) {
            orphaned = store.tokens().find(owner, serverId);
            store.tokens().delete(owner, serverId);
        }
        store.registrations().save(owner, serverId, registration);
        if (before.isPresent()) {
            retirement.retire(serverId, before.get(), orphaned);
        }
        return registration;
    }
}
