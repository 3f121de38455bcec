package io.github.mcpoauth.internal.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.TokenSet;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Talks to the token endpoint: the authorization code grant with PKCE (RFC 6749 section 4.1.3,
 * RFC 7636 section 4.5) and the refresh token grant (RFC 6749 section 6), both with the RFC 8707
 * {@code resource} and the client authentication of the registration, and reads the response
 * (RFC 6749 sections 5.1 and 5.2) into a {@link TokenSet}. An {@code invalid_client} answer (or a
 * bare 401) means the AS no longer accepts the client, typically a registration it deleted: it is
 * reported, so a shared registration is made afresh for the next authorization. With DPoP (RFC 9449
 * section 5) the code exchange makes the key the tokens are bound to, and refreshes prove the same key.
 */
final class TokenEndpoint {

    private final DpopTokenRequests requests;
    private final ClientAuthentications authentications;
    private final Clock clock;
    private final Consumer<ClientRegistration> clientRejected;

    TokenEndpoint(OAuthHttp http, Dpop dpop, ClientAuthentications authentications, Clock clock,
            Consumer<ClientRegistration> clientRejected) {
        this.requests = new DpopTokenRequests(http, dpop);
        this.authentications = authentications;
        this.clock = clock;
        this.clientRejected = clientRejected;
    }

    /** @param dpopAlgorithm the algorithm of a new DPoP key to bind the tokens to; null for none */
    CompletableFuture<TokenSet> exchangeCode(ClientRegistration registration, String code, String redirectUri,
            String codeVerifier, String resource, String requestedScope, String dpopAlgorithm) {
        AuthorizationGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(redirectUri),
                new CodeVerifier(codeVerifier));
        return obtain(registration, grant, resource, null, requestedScope, dpopAlgorithm);
    }

    /**
     * A grant that needs no earlier tokens (the code above, or an assertion grant): new tokens, or a
     * failure naming the AS's error code and description only. {@code scope}, when not null, is
     * sent; {@code requestedScope} stands for the granted scope when the answer names none;
     * {@code dpopAlgorithm}, when not null, is the algorithm of a new DPoP key the tokens are bound to.
     */
    CompletableFuture<TokenSet> obtain(ClientRegistration registration, AuthorizationGrant grant, String resource,
            String scope, String requestedScope, String dpopAlgorithm) {
        return obtain(registration, grant, resource, scope, requestedScope, dpopAlgorithm, false);
    }

    private CompletableFuture<TokenSet> obtain(ClientRegistration registration, AuthorizationGrant grant,
            String resource, String scope, String requestedScope, String dpopAlgorithm, boolean issuerAudience) {
        String dpopKey = dpopAlgorithm == null ? null : DpopKeys.generate(dpopAlgorithm);
        return request(registration, grant, resource, scope, dpopKey, issuerAudience).thenApply(response -> {
            if (isClientRejected(response)) {
                clientRejected.accept(registration);
            }
            Tokens tokens = successOrThrow(registration, response);
            return toTokenSet(tokens, null, requestedScope, dpopKey);
        });
    }

    /**
     * The new tokens, or empty when the AS answered {@code invalid_grant} (the grant is gone) or
     * refused the client (the grant went with it).
     */
    CompletableFuture<Optional<TokenSet>> refresh(ClientRegistration registration, TokenSet current) {
        AuthorizationGrant grant = new RefreshTokenGrant(new RefreshToken(current.refreshToken()));
        return request(registration, grant, registration.resource(), null, current.dpopKey(), false).thenApply(response -> {
            if (isClientRejected(response)) {
                clientRejected.accept(registration);
                return Optional.empty();
            }
            if (OAuth2Error.INVALID_GRANT.getCode().equals(errorCode(response))) {
                return Optional.empty();
            }
            Tokens tokens = successOrThrow(registration, response);
            return Optional.of(toTokenSet(tokens, current.refreshToken(), current.scope(), current.dpopKey()));
        });
    }

    /**
     * A grant made with no user present ({@link AppGrants}: client credentials, RFC 6749 section
     * 4.4, or JWT bearer, RFC 7523 section 2.1): the tokens, or a failure whose message names the
     * AS's error code, never its body. A {@code private_key_jwt} assertion names the issuer.
     */
    CompletableFuture<TokenSet> grantWithoutUser(ClientRegistration registration, AuthorizationGrant grant,
            String resource, String scope) {
        return obtain(registration, grant, resource, scope, scope, null, true);
    }

    private CompletableFuture<HTTPResponse> request(ClientRegistration registration, AuthorizationGrant grant,
            String resource, String scope, String dpopKey, boolean issuerAudience) {
        URI endpoint = URI.create(registration.tokenEndpoint());
        return requests.send(() -> {
            Optional<ClientAuthentication> auth = authentications.forRegistration(registration, issuerAudience);
            // a registration without client_id (a workload assertion alone, RFC 7523 section 3.1) sends none
            TokenRequest.Builder request = auth.isPresent()
                    ? new TokenRequest.Builder(endpoint, auth.get(), grant)
                    : registration.clientId().isEmpty() ? new TokenRequest.Builder(endpoint, grant)
                    : new TokenRequest.Builder(endpoint, new ClientID(registration.clientId()), grant);
            if (resource != null) {
                request.resource(URI.create(resource));
            }
            if (scope != null && !scope.isBlank()) {
                request.scope(Scope.parse(scope));
            }
            return request.build().toHTTPRequest();
        }, dpopKey);
    }

    /** RFC 6749 section 5.2: {@code invalid_client}, which may come as a 401 without a readable body. */
    private static boolean isClientRejected(HTTPResponse response) {
        return response.getStatusCode() == 401
                || OAuth2Error.INVALID_CLIENT.getCode().equals(errorCode(response));
    }

    /** The error code of an error response; null for a success or an unreadable answer. */
    static String errorCode(HTTPResponse response) {
        if (response.getStatusCode() == 200) {
            return null;
        }
        try {
            TokenResponse parsed = TokenResponse.parse(response);
            return parsed.indicatesSuccess() ? null : parsed.toErrorResponse().getErrorObject().getCode();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private static Tokens successOrThrow(ClientRegistration registration, HTTPResponse response) {
        String host = URI.create(registration.tokenEndpoint()).getHost();
        TokenResponse parsed;
        try {
            parsed = TokenResponse.parse(response);
        } catch (ParseException | RuntimeException e) {
            String why = response.getStatusCode() == 200 ? e.getMessage() : "HTTP " + response.getStatusCode();
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize(
                    "The token endpoint at " + host + " returned an unusable response: " + why));
        }
        if (!parsed.indicatesSuccess()) {
            ErrorObject error = parsed.toErrorResponse().getErrorObject();
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize("The token request to " + host
                    + " failed: " + OAuthErrors.describe(error, response.getStatusCode())));
        }
        return ((AccessTokenResponse) parsed).getTokens();
    }

    private TokenSet toTokenSet(Tokens tokens, String previousRefreshToken, String fallbackScope, String dpopKey) {
        Instant now = clock.instant();
        AccessToken access = tokens.getAccessToken();
        long lifetime = access.getLifetime();
        String refresh = tokens.getRefreshToken() != null ? tokens.getRefreshToken().getValue() : previousRefreshToken;
        String scope = access.getScope() != null ? access.getScope().toString() : fallbackScope;
        return new TokenSet(access.getValue(), refresh, access.getType().getValue(),
                lifetime > 0 ? now.plusSeconds(lifetime) : null, scope, now, dpopKey);
    }
}
