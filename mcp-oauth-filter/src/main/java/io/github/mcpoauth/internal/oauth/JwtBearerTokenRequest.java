package io.github.mcpoauth.internal.oauth;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.JWTBearerGrant;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.TokenSet;
import java.util.concurrent.CompletableFuture;

/**
 * The JWT bearer grant (RFC 7523 section 2.1) at a server's authorization server: a signed JWT the
 * client was given (here an ID-JAG) as {@code assertion}, with the client authentication of the
 * server's registration and the RFC 8707 resource, like every other token request. The assertion
 * is not verified here: the authorization server it is meant for does that.
 */
final class JwtBearerTokenRequest {

    private final TokenEndpoint tokenEndpoint;

    JwtBearerTokenRequest(TokenEndpoint tokenEndpoint) {
        this.tokenEndpoint = tokenEndpoint;
    }

    CompletableFuture<TokenSet> request(ClientRegistration registration, String assertion, String scope) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(assertion);
        } catch (java.text.ParseException | RuntimeException e) {
            return CompletableFuture.failedFuture(new McpOAuthException(Code.UPSTREAM,
                    "the assertion to present is not a signed JWT"));
        }
        return tokenEndpoint.obtain(registration, new JWTBearerGrant(jwt), registration.resource(), scope, scope, null);
    }
}
