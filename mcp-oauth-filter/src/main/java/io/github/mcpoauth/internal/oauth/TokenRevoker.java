package io.github.mcpoauth.internal.oauth;

import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.TokenSet;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revokes a removed server's tokens at its authorization server (RFC 7009 section 2.1) when the
 * issuer's metadata advertises a {@code revocation_endpoint} (RFC 8414 section 2): the refresh
 * token and the access token, each with the registration's client authentication, so the grant
 * does not outlive the server in the user's list. Best effort: the result never fails, and a
 * failure is logged with the host only (never a token, never the upstream body).
 */
final class TokenRevoker {

    private static final Logger LOG = LoggerFactory.getLogger(TokenRevoker.class);

    private final AuthServerDiscovery authServers;
    private final OAuthHttp http;
    private final ClientAuthentications authentications;

    TokenRevoker(AuthServerDiscovery authServers, OAuthHttp http, ClientAuthentications authentications) {
        this.authServers = authServers;
        this.http = http;
        this.authentications = authentications;
    }

    /** Completes (never exceptionally) once both revocations were answered, failed or were not possible. */
    CompletableFuture<Void> revoke(String serverId, ClientRegistration registration, TokenSet tokens) {
        if (registration.issuer() == null || registration.clientId().isEmpty()) {
            return CompletableFuture.completedFuture(null); // a workload assertion's tokens, without a client to revoke as
        }
        CompletableFuture<Void> revoked;
        try {
            // the issuer was checked when the registration was made; its own metadata names the endpoint
            revoked = authServers.discover(URI.create(registration.issuer()), true).thenCompose(as -> {
                URI endpoint = as.revocationEndpoint();
                if (endpoint == null) {
                    LOG.debug("The authorization server of removed server {} offers no token revocation", serverId);
                    return CompletableFuture.completedFuture(null);
                }
                CompletableFuture<Void> refresh = tokens.refreshToken() == null ? CompletableFuture.completedFuture(null)
                        : send(endpoint, registration, new RefreshToken(tokens.refreshToken()));
                CompletableFuture<Void> access = send(endpoint, registration,
                        new BearerAccessToken(tokens.accessToken()));
                return CompletableFuture.allOf(refresh, access);
            });
        } catch (RuntimeException e) {
            revoked = CompletableFuture.failedFuture(e);
        }
        return revoked.handle((done, error) -> {
            if (error != null) {
                LOG.info("Could not revoke the tokens of removed server {}: {}", serverId,
                        ErrorText.sanitize(String.valueOf(OAuthHttp.unwrap(error).getMessage())));
            } else {
                LOG.debug("Revoked the tokens of removed server {}", serverId);
            }
            return null;
        });
    }

    private CompletableFuture<Void> send(URI endpoint, ClientRegistration registration, Token token) {
        Optional<ClientAuthentication> auth = authentications.forRegistration(registration);
        TokenRevocationRequest request = auth.isPresent()
                ? new TokenRevocationRequest(endpoint, auth.get(), token)
                : new TokenRevocationRequest(endpoint, new ClientID(registration.clientId()), token);
        return http.send(request.toHTTPRequest()).thenAccept(response -> {
            if (response.getStatusCode() != 200) { // RFC 7009 section 2.2: 200 also for an unknown token
                throw new McpOAuthException(Code.UPSTREAM, "the revocation endpoint at " + endpoint.getHost()
                        + " answered HTTP " + response.getStatusCode());
            }
        });
    }
}
