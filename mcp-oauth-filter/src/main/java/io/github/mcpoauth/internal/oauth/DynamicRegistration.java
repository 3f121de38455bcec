package io.github.mcpoauth.internal.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Registers this app with an authorization server by Dynamic Client Registration (RFC 7591
 * sections 2 and 3): the configured client name, the redirect URI, the authorization code and
 * refresh token grants (SEP-2207: a client that keeps refresh tokens says so), the
 * {@code application_type} (SEP-837) and the first token endpoint auth method both sides support.
 * What the server answers (its auth method, secret, and the RFC 7592 registration access token and
 * client configuration endpoint) is what counts afterwards.
 *
 * <p>{@code application_type} is {@code web} for this module, a remote web application; a redirect
 * URI on loopback http (a development run, the sample, the tests) says {@code native}, as SEP-837
 * asks of locally hosted web apps and as OpenID Connect Registration requires (a {@code web} client
 * must not use localhost or plain http, and an AS that enforces it would refuse the registration).
 */
final class DynamicRegistration {

    private static final List<String> PREFERRED_METHODS = List.of(
            ClientAuthentications.BASIC, ClientAuthentications.POST, ClientAuthentications.NONE);

    /** What was registered: the client, and what RFC 7592 needs to delete it (either may be null). */
    record Registered(ClientIdentity client, String registrationAccessToken, URI registrationClientUri) {

        @Override
        public String toString() {
            return "Registered[" + client + "]";
        }
    }

    private final OAuthHttp http;
    private final String clientName;
    private final Optional<ClientJwk> jwk;

    DynamicRegistration(OAuthHttp http, String clientName, Optional<ClientJwk> jwk) {
        this.http = http;
        this.clientName = clientName;
        this.jwk = jwk;
    }

    /**
     * What a registration at this AS for this redirect URI would be made for: the issuer and every
     * piece of metadata this client would send. Equal keys can share one registration.
     */
    String keyFor(AuthServer authServer, URI redirectUri) {
        String method = chooseAuthMethod(authServer, jwk.isPresent());
        String keyThumbprint = "";
        if (method.equals(ClientAuthentications.PRIVATE_KEY_JWT)) {
            try {
                keyThumbprint = jwk.orElseThrow().jwk().computeThumbprint().toString();
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot compute the client key's thumbprint", e);
            }
        }
        String described = String.join("\n", authServer.issuer(), redirectUri.toString(), method, clientName,
                applicationType(redirectUri), "authorization_code refresh_token", keyThumbprint);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(described.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    CompletableFuture<Registered> register(AuthServer authServer, URI redirectUri) {
        String method = chooseAuthMethod(authServer, jwk.isPresent());
        ClientMetadata metadata = ClientMetadataBuilder.describe(clientName, redirectUri, method, jwk);
        URI endpoint = authServer.registrationEndpoint();
        return http.send(new ClientRegistrationRequest(endpoint, metadata, null).toHTTPRequest())
                .thenApply(response -> read(endpoint, response, method));
    }

    /** SEP-837: {@code native} for a loopback http redirect URI, {@code web} otherwise. */
    static String applicationType(URI redirectUri) {
        String scheme = redirectUri.getScheme() == null ? "" : redirectUri.getScheme().toLowerCase(Locale.ROOT);
        String host = redirectUri.getHost() == null ? "" : redirectUri.getHost().toLowerCase(Locale.ROOT);
        return scheme.equals("http") && AuthorizationStarter.isLoopbackHost(host) ? "native" : "web";
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

    private static Registered read(URI endpoint, HTTPResponse response, String requested) {
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
        URI configuration = info.getRegistrationURI();
        return new Registered(new ClientIdentity(info.getID().getValue(), secret, method),
                info.getRegistrationAccessToken() == null ? null : info.getRegistrationAccessToken().getValue(),
                configuration != null && WellKnownUrls.isHttp(configuration) ? configuration : null);
    }
}
