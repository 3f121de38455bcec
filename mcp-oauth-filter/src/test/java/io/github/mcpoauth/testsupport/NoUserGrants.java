package io.github.mcpoauth.testsupport;

import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The token endpoint's grants without a user: {@code client_credentials} (RFC 6749 section 4.4:
 * an authenticating client, no refresh token) and the JWT-bearer grant (RFC 7523 section 2.1: an
 * assertion signed by the workload key a test trusts, {@code aud} = this issuer, not expired; client
 * authentication only when the request identifies a client). Scopes are granted as asked.
 */
final class NoUserGrants {

    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final ClientAuthenticator authenticator;
    private final TokenRegistry tokens;
    private final Clock clock;
    private final String issuer;
    private final AtomicReference<JWK> workloadKey = new AtomicReference<>();

    NoUserGrants(ClientAuthenticator authenticator, TokenRegistry tokens, Clock clock, String issuer) {
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.clock = clock;
        this.issuer = issuer;
    }

    void trust(JWK publicKey) {
        workloadKey.set(publicKey);
    }

    TokenGrant clientCredentials(String authorization, Map<String, String> form) throws OAuthErrorException {
        KnownClient client = authenticator.authenticate(authorization, form);
        if (KnownClient.NONE.equals(client.tokenEndpointAuthMethod())) {
            throw new OAuthErrorException(400, "unauthorized_client", "a public client cannot use client_credentials");
        }
        return tokens.issueWithoutRefresh(client.clientId(), scopes(form), form.get("resource"));
    }

    TokenGrant jwtBearer(String authorization, Map<String, String> form) throws OAuthErrorException {
        String clientId = null;
        if (authorization != null || form.get("client_id") != null) {
            clientId = authenticator.authenticate(authorization, form).clientId();
        }
        JWTClaimsSet claims = verified(form.get("assertion"));
        return tokens.issueWithoutRefresh(clientId != null ? clientId : claims.getSubject(), scopes(form),
                form.get("resource"));
    }

    private JWTClaimsSet verified(String assertion) throws OAuthErrorException {
        JWK key = workloadKey.get();
        if (assertion == null || key == null) {
            throw invalidGrant("no assertion, or no workload key trusted");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(assertion);
            java.security.Key publicKey = key instanceof RSAKey rsa ? rsa.toRSAPublicKey() : ((ECKey) key).toECPublicKey();
            if (!jwt.verify(new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), publicKey))) {
                throw invalidGrant("the assertion's signature does not verify");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (claims.getAudience() == null || !claims.getAudience().contains(issuer)) {
                throw invalidGrant("the assertion's aud must be the issuer");
            }
            Date expiry = claims.getExpirationTime();
            if (expiry == null || !expiry.toInstant().isAfter(clock.instant())) {
                throw invalidGrant("the assertion has expired");
            }
            return claims;
        } catch (ParseException | JOSEException | ClassCastException e) {
            throw invalidGrant("unreadable assertion");
        }
    }

    private static Set<String> scopes(Map<String, String> form) {
        return form.get("scope") == null ? Set.of() : AuthorizeServlet.scopes(form.get("scope"));
    }

    private static OAuthErrorException invalidGrant(String description) {
        return new OAuthErrorException(400, "invalid_grant", description);
    }
}
