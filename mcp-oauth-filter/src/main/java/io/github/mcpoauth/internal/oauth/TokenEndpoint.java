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
 * reported, so a shared registration is made afresh for the next authorization.
 */
final class TokenEndpoint {

    private final OAuthHttp http;
    private final ClientAuthentications authentications;
    private final Clock clock;
    private final Consumer<ClientRegistration> clientRejected;

    TokenEndpoint(OAuthHttp http, ClientAuthentications authentications, Clock clock,
            Consumer<ClientRegistration> clientRejected) {
        this.http = http;
        this.authentications = authentications;
        this.clock = clock;
        this.clientRejected = clientRejected;
    }

    CompletableFuture<TokenSet> exchangeCode(ClientRegistration registration, String code, String redirectUri,
            String codeVerifier, String resource, String requestedScope) {
        AuthorizationGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(redirectUri),
                new CodeVerifier(codeVerifier));
        return request(registration, grant, resource).thenApply(response -> {
            if (isClientRejected(response)) {
                clientRejected.accept(registration);
            }
            Tokens tokens = successOrThrow(registration, response);
            return toTokenSet(tokens, null, requestedScope);
        });
    }

    /**
     * The new tokens, or empty when the AS answered {@code invalid_grant} (the grant is gone) or
     * refused the client (the grant went with it).
     */
    CompletableFuture<Optional<TokenSet>> refresh(ClientRegistration registration, TokenSet current) {
        AuthorizationGrant grant = new RefreshTokenGrant(new RefreshToken(current.refreshToken()));
        return request(registration, grant, registration.resource()).thenApply(response -> {
            if (isClientRejected(response)) {
                clientRejected.accept(registration);
                return Optional.empty();
            }
            if (OAuth2Error.INVALID_GRANT.getCode().equals(errorCode(response))) {
                return Optional.empty();
            }
            Tokens tokens = successOrThrow(registration, response);
            return Optional.of(toTokenSet(tokens, current.refreshToken(), current.scope()));
        });
    }

    /**
     * A grant made with no user present ({@link AppGrants}: client credentials, RFC 6749 section
     * 4.4, or JWT bearer, RFC 7523 section 2.1): the tokens, or a failure whose message names the
     * AS's error code, never its body. A {@code private_key_jwt} assertion names the issuer.
     */
    CompletableFuture<TokenSet> grantWithoutUser(ClientRegistration registration, AuthorizationGrant grant,
            String resource, String scope) {
        return request(registration, grant, resource, scope, true).thenApply(response -> {
            if (isClientRejected(response)) {
                clientRejected.accept(registration);
            }
            return toTokenSet(successOrThrow(registration, response), null, scope);
        });
    }

    private CompletableFuture<HTTPResponse> request(ClientRegistration registration, AuthorizationGrant grant,
            String resource) {
        return request(registration, grant, resource, null, false);
    }

    /** A registration without client_id (a workload assertion alone, RFC 7523 section 3.1) sends none. */
    private CompletableFuture<HTTPResponse> request(ClientRegistration registration, AuthorizationGrant grant,
            String resource, String scope, boolean issuerAudience) {
        URI endpoint = URI.create(registration.tokenEndpoint());
        Optional<ClientAuthentication> auth = authentications.forRegistration(registration, issuerAudience);
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
        return http.send(request.build().toHTTPRequest());
    }

    /** RFC 6749 section 5.2: {@code invalid_client}, which may come as a 401 without a readable body. */
    private static boolean isClientRejected(HTTPResponse response) {
        return response.getStatusCode() == 401
                || OAuth2Error.INVALID_CLIENT.getCode().equals(errorCode(response));
    }

    /** The error code of an error response; null for a success or an unreadable answer. */
    private static String errorCode(HTTPResponse response) {
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

    private TokenSet toTokenSet(Tokens tokens, String previousRefreshToken, String fallbackScope) {
        Instant now = clock.instant();
        AccessToken access = tokens.getAccessToken();
        long lifetime = access.getLifetime();
        String refresh = tokens.getRefreshToken() != null ? tokens.getRefreshToken().getValue() : previousRefreshToken;
        String scope = access.getScope() != null ? access.getScope().toString() : fallbackScope;
        return new TokenSet(access.getValue(), refresh, access.getType().getValue(),
                lifetime > 0 ? now.plusSeconds(lifetime) : null, scope, now);
    }
}
