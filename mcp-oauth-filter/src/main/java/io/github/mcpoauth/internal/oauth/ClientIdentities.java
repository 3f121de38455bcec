package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.config.PreRegisteredClient;
import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.ClientRegistrationStore;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Decides how this app identifies itself to a server's authorization server, in the order of the
 * MCP specification's client registration section: pre-registered credentials (for the server,
 * then the configured client when this issuer is one of {@code mcp.oauth.client-issuers}), a Client
 * ID Metadata Document URL when the AS supports it, an earlier dynamic registration with the same
 * issuer and redirect URI, and finally Dynamic Client Registration (RFC 7591). The result is saved
 * as the server's {@link ClientRegistration}.
 *
 * <p>The configured client is bound to its issuers because any user can name any authorization
 * server through their MCP server's metadata: an unlisted issuer is treated as if no client were
 * configured, and an earlier registration carrying the configured client_id is not reused for it.
 */
final class ClientIdentities {

    private final McpOAuthConfig config;
    private final ClientRegistrationStore registrations;
    private final DynamicRegistration dynamicRegistration;
    private final boolean haveJwk;
    private final Clock clock;

    ClientIdentities(McpOAuthConfig config, ClientRegistrationStore registrations,
            DynamicRegistration dynamicRegistration, boolean haveJwk, Clock clock) {
        this.config = config;
        this.registrations = registrations;
        this.dynamicRegistration = dynamicRegistration;
        this.haveJwk = haveJwk;
        this.clock = clock;
    }

    CompletableFuture<ClientRegistration> resolve(AuthorizationTarget target, DiscoveryResult discovery) {
        AuthServer as = discovery.authServer();
        Optional<ClientIdentity> known = preRegistered(target, as).or(() -> metadataDocument(as));
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(save(target, discovery, known.get()));
        }
        Optional<ClientRegistration> earlier = registrations.find(target.owner(), target.serverId())
                .filter(r -> as.issuer().equals(r.issuer()) && target.redirectUri().toString().equals(r.redirectUri()))
                .filter(r -> config.clientMetadataUrl().map(url -> !url.toString().equals(r.clientId())).orElse(true))
                .filter(r -> !config.clientId().map(r.clientId()::equals).orElse(false));
        if (earlier.isPresent()) {
            ClientRegistration r = earlier.get();
            return CompletableFuture.completedFuture(save(target, discovery,
                    new ClientIdentity(r.clientId(), r.clientSecret(), r.authMethod())));
        }
        if (as.registrationEndpoint() == null) {
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize("The authorization server " + as.issuer()
                    + " offers no dynamic client registration and no client is configured for it;"
                    + " set mcp.oauth.client-id (and mcp.oauth.client-secret) with this issuer in mcp.oauth.client-issuers"));
        }
        return dynamicRegistration.register(as, target.redirectUri())
                .thenApply(client -> save(target, discovery, client));
    }

    private Optional<ClientIdentity> preRegistered(AuthorizationTarget target, AuthServer as) {
        if (target.client().isPresent()) {
            PreRegisteredClient c = target.client().get();
            return Optional.of(new ClientIdentity(c.clientId(), c.clientSecret(),
                    authMethodFor(c.clientSecret(), c.authMethod(), as)));
        }
        return config.preRegisteredClientFor(as.issuer()).map(c -> new ClientIdentity(c.clientId(), c.clientSecret(),
                authMethodFor(c.clientSecret(), c.authMethod(), as)));
    }

    private Optional<ClientIdentity> metadataDocument(AuthServer as) {
        if (!as.clientIdMetadataDocumentSupported()) {
            return Optional.empty();
        }
        return config.clientMetadataUrl().map(url -> new ClientIdentity(url.toString(), null,
                haveJwk ? ClientAuthentications.PRIVATE_KEY_JWT : ClientAuthentications.NONE));
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

    private ClientRegistration save(AuthorizationTarget target, DiscoveryResult discovery, ClientIdentity client) {
        AuthServer as = discovery.authServer();
        URI redirect = target.redirectUri();
        ClientRegistration registration = new ClientRegistration(as.issuer(), as.authorizationEndpoint().toString(),
                as.tokenEndpoint().toString(), client.clientId(), client.clientSecret(), client.authMethod(),
                redirect.toString(), discovery.resource(), clock.instant());
        registrations.save(target.owner(), target.serverId(), registration);
        return registration;
    }
}
