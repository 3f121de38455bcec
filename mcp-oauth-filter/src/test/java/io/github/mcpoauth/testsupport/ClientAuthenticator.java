package io.github.mcpoauth.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Authenticates the client of a token request with the method it registered:
 * {@code client_secret_basic}, {@code client_secret_post}, {@code none} or {@code private_key_jwt}.
 * A client must use exactly its registered method.
 */
final class ClientAuthenticator {

    private final ClientRegistry clients;
    private final PrivateKeyJwtVerifier privateKeyJwt;

    ClientAuthenticator(ClientRegistry clients, PrivateKeyJwtVerifier privateKeyJwt) {
        this.clients = clients;
        this.privateKeyJwt = privateKeyJwt;
    }

    KnownClient authenticate(String authorizationHeader, Map<String, String> form) throws OAuthErrorException {
        BasicCredentials basic = BasicCredentials.parse(authorizationHeader);
        String clientId = basic != null ? basic.clientId()
                : form.get("client_id") != null ? form.get("client_id") : assertionSubject(form);
        if (clientId == null) {
            throw failure("no client identification");
        }
        if (basic != null && form.get("client_id") != null && !clientId.equals(form.get("client_id"))) {
            throw failure("client_id in the form differs from the Authorization header");
        }
        KnownClient client = clients.resolve(clientId).orElseThrow(() -> failure("unknown client " + clientId));
        String method = client.tokenEndpointAuthMethod();
        boolean postSecret = form.containsKey("client_secret");
        switch (method) {
            case KnownClient.CLIENT_SECRET_BASIC -> {
                if (basic == null || postSecret || !Objects.equals(basic.secret(), client.clientSecret())) {
                    throw failure("client_secret_basic authentication failed");
                }
            }
            case KnownClient.CLIENT_SECRET_POST -> {
                if (basic != null || !Objects.equals(form.get("client_secret"), client.clientSecret())) {
                    throw failure("client_secret_post authentication failed");
                }
            }
            case KnownClient.NONE -> {
                if (basic != null || postSecret) {
                    throw failure("a public client must not send a secret");
                }
            }
            case KnownClient.PRIVATE_KEY_JWT -> {
                if (basic != null || postSecret) {
                    throw failure("a private_key_jwt client must not send a secret");
                }
                privateKeyJwt.verify(client, form);
            }
            default -> throw failure("unsupported method " + method);
        }
        return client;
    }

    /** RFC 7523 section 3: without client_id, a client assertion's {@code sub} names the client (checked later). */
    private static String assertionSubject(Map<String, String> form) {
        if (form.get("client_assertion") == null) {
            return null;
        }
        try {
            return com.nimbusds.jwt.SignedJWT.parse(form.get("client_assertion")).getJWTClaimsSet().getSubject();
        } catch (java.text.ParseException e) {
            return null;
        }
    }

    private static OAuthErrorException failure(String description) {
        return new OAuthErrorException(401, "invalid_client", description);
    }

    /** RFC 6749 section 2.3.1: both parts form-urlencoded, then Base64. */
    private record BasicCredentials(String clientId, String secret) {

        static BasicCredentials parse(String header) throws OAuthErrorException {
            if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                return null;
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw failure("malformed Basic credentials");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw failure("malformed Basic credentials");
            }
            return new BasicCredentials(QueryStrings.urlDecode(decoded.substring(0, colon)),
                    QueryStrings.urlDecode(decoded.substring(colon + 1)));
        }
    }
}
