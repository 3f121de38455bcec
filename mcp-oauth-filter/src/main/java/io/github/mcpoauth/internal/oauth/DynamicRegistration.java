package io.github.mcpoauth.internal.oauth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Registers this app with an authorization server by Dynamic Client Registration (RFC 7591
 * sections 2 and 3): the configured client name, the redirect URI, the authorization code and
 * refresh token grants, and the first token endpoint auth method both sides support. What the
 * server answers (its auth method and secret) is what counts afterwards.
 */
final class DynamicRegistration {

    private static final List<String> PREFERRED_METHODS = List.of(
            ClientAuthentications.BASIC, ClientAuthentications.POST, ClientAuthentications.NONE);

    private final OAuthHttp http;
    private final String clientName;
    private final Optional<ClientJwk> jwk;

    DynamicRegistration(OAuthHttp http, String clientName, Optional<ClientJwk> jwk) {
        this.http = http;
        this.clientName = clientName;
        this.jwk = jwk;
    }

    CompletableFuture<ClientIdentity> register(AuthServer authServer, URI redirectUri) {
        String method = chooseAuthMethod(authServer, jwk.isPresent());
        ClientMetadata metadata = new ClientMetadata();
        metadata.setName(clientName);
        metadata.setRedirectionURI(redirectUri);
        metadata.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        metadata.setResponseTypes(Set.of(ResponseType.CODE));
        metadata.setTokenEndpointAuthMethod(ClientAuthenticationMethod.parse(method));
        if (method.equals(ClientAuthentications.PRIVATE_KEY_JWT)) {
            metadata.setJWKSet(new JWKSet(jwk.orElseThrow().jwk().toPublicJWK()));
        }
        URI endpoint = authServer.registrationEndpoint();
        return http.send(new ClientRegistrationRequest(endpoint, metadata, null).toHTTPRequest())
                .thenApply(response -> read(endpoint, response, method));
    }

    /** The first of basic, post and none the AS lists; basic when it lists nothing. */
    static String chooseAuthMethod(AuthServer authServer, boolean haveJwk) {
        if (authServer.tokenAuthMethods().isEmpty()) {
            return ClientAuthentications.BASIC;
        }
        for (String method : PREFERRED_METHODS) {
            if (authServer.tokenAuthMethods().contains(method)) {
                return method;
            }
        }
        return haveJwk && authServer.tokenAuthMethods().contains(ClientAuthentications.PRIVATE_KEY_JWT)
                ? ClientAuthentications.PRIVATE_KEY_JWT : ClientAuthentications.BASIC;
    }

    private static ClientIdentity read(URI endpoint, HTTPResponse response, String requested) {
        ClientRegistrationResponse parsed;
        try {
            parsed = ClientRegistrationResponse.parse(response);
        } catch (ParseException | RuntimeException e) {
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize("Dynamic client registration at "
                    + endpoint.getHost() + " returned an unreadable response (HTTP " + response.getStatusCode() + ")"));
        }
        if (!parsed.indicatesSuccess()) {
            ErrorObject error = parsed.toErrorResponse().getErrorObject();
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize("Dynamic client registration at "
                    + endpoint.getHost() + " failed: " + OAuthErrors.describe(error, response.getStatusCode())));
        }
        ClientInformation info = parsed.toSuccessResponse().getClientInformation();
        String secret = info.getSecret() == null ? null : info.getSecret().getValue();
        ClientAuthenticationMethod answered = info.getMetadata().getTokenEndpointAuthMethod();
        String method = answered == null ? requested : answered.getValue();
        if (secret == null && (method.equals(ClientAuthentications.BASIC) || method.equals(ClientAuthentications.POST))) {
            method = ClientAuthentications.NONE; // the AS made us a public client
        }
        return new ClientIdentity(info.getID().getValue(), secret, method);
    }
}
