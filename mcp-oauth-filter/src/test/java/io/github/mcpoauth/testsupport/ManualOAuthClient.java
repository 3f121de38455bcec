package io.github.mcpoauth.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-driven OAuth client for tests that need a token without the project's own client:
 * register, build the authorization URL, exchange the code, refresh. It authenticates at the token
 * endpoint with the client's registered method ({@code client_secret_basic}, {@code client_secret_post}
 * or {@code none}). Nothing is checked here; the raw {@link HttpReply} is returned.
 */
public final class ManualOAuthClient {

    /** The redirect URI used by {@link #obtainAccessToken(String, String)}; nothing listens there. */
    public static final String DEFAULT_REDIRECT_URI = "http://127.0.0.1:1/callback";

    private final AuthorizationServerEndpoints endpoints;
    private final PlainHttp http = new PlainHttp();
    private final BrowserStub browser = new BrowserStub();

    public ManualOAuthClient(TestAuthorizationServer authorizationServer) {
        this.endpoints = authorizationServer.endpoints();
    }

    /** POSTs an RFC 7591 registration request. */
    public HttpReply register(String redirectUri, String tokenEndpointAuthMethod) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("client_name", "manual test client");
        metadata.put("redirect_uris", List.of(redirectUri));
        metadata.put("token_endpoint_auth_method", tokenEndpointAuthMethod);
        metadata.put("grant_types", List.of("authorization_code", "refresh_token"));
        metadata.put("response_types", List.of("code"));
        return http.postJson(endpoints.registrationEndpoint(), metadata, Map.of());
    }

    /** Registers and reads the answer; anything but 201 is an {@link AssertionError}. */
    public KnownClient registerClient(String redirectUri, String tokenEndpointAuthMethod) {
        HttpReply reply = register(redirectUri, tokenEndpointAuthMethod);
        if (reply.status() != 201) {
            throw new AssertionError("registration failed: " + reply);
        }
        Map<String, Object> body = reply.json();
        return new KnownClient((String) body.get("client_id"), (String) body.get("client_secret"),
                (String) body.get("token_endpoint_auth_method"), List.of(redirectUri), Map.of());
    }

    /** The authorization URL (PKCE S256); {@code scope} and {@code resource} are left out when null. */
    public String authorizationUrl(KnownClient client, String redirectUri, Pkce pkce, String state,
            String scope, String resource) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", client.clientId());
        params.put("redirect_uri", redirectUri);
        params.put("code_challenge", pkce.challenge());
        params.put("code_challenge_method", "S256");
        putIfPresent(params, "state", state);
        putIfPresent(params, "scope", scope);
        putIfPresent(params, "resource", resource);
        return QueryStrings.append(endpoints.authorizationEndpoint(), params);
    }

    public HttpReply exchangeCode(KnownClient client, String code, String redirectUri, String codeVerifier,
            String resource) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", codeVerifier);
        putIfPresent(form, "resource", resource);
        return tokenRequest(client, form);
    }

    public HttpReply refresh(KnownClient client, String refreshToken, String resource) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        putIfPresent(form, "resource", resource);
        return tokenRequest(client, form);
    }

    /**
     * Registers a public client, authorizes through {@link BrowserStub}, exchanges the code and returns
     * the token response (which must be 200).
     */
    public Map<String, Object> obtainTokens(String scope, String resource) {
        KnownClient client = registerClient(DEFAULT_REDIRECT_URI, KnownClient.NONE);
        Pkce pkce = Pkce.generate();
        Map<String, String> callback = browser.authorize(
                authorizationUrl(client, DEFAULT_REDIRECT_URI, pkce, "manual-state", scope, resource));
        if (callback.get("code") == null) {
            throw new AssertionError("authorization failed: " + callback);
        }
        HttpReply reply = exchangeCode(client, callback.get("code"), DEFAULT_REDIRECT_URI, pkce.verifier(), resource);
        if (reply.status() != 200) {
            throw new AssertionError("token request failed: " + reply);
        }
        return reply.json();
    }

    /** Like {@link #obtainTokens(String, String)}, returning only the access token. */
    public String obtainAccessToken(String scope, String resource) {
        return (String) obtainTokens(scope, resource).get("access_token");
    }

    private HttpReply tokenRequest(KnownClient client, Map<String, String> form) {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (client.tokenEndpointAuthMethod()) {
            case KnownClient.CLIENT_SECRET_BASIC -> headers.put("Authorization", basic(client));
            case KnownClient.CLIENT_SECRET_POST -> {
                form.put("client_id", client.clientId());
                form.put("client_secret", client.clientSecret());
            }
            default -> form.put("client_id", client.clientId());
        }
        return http.postForm(endpoints.tokenEndpoint(), form, headers);
    }

    private static String basic(KnownClient client) {
        String pair = QueryStrings.urlEncode(client.clientId()) + ":" + QueryStrings.urlEncode(client.clientSecret());
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static void putIfPresent(Map<String, String> params, String name, String value) {
        if (value != null) {
            params.put(name, value);
        }
    }
}
