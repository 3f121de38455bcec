package io.github.mcpoauth.testsupport;

import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Checks a {@code private_key_jwt} client assertion (RFC 7523) against the client's registered
 * inline {@code jwks}: signature, {@code iss} = {@code sub} = client_id, {@code aud} naming the
 * token endpoint or the issuer, and {@code exp} in the future.
 */
final class PrivateKeyJwtVerifier {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final Clock clock;
    private final List<String> audiences;

    PrivateKeyJwtVerifier(Clock clock, String tokenEndpoint, String issuer) {
        this.clock = clock;
        this.audiences = List.of(tokenEndpoint, issuer);
    }

    void verify(KnownClient client, Map<String, String> form) throws OAuthErrorException {
        if (!ASSERTION_TYPE.equals(form.get("client_assertion_type")) || form.get("client_assertion") == null) {
            throw failure("private_key_jwt requires client_assertion and client_assertion_type");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(form.get("client_assertion"));
            if (!signedByClient(jwt, client)) {
                throw failure("the client assertion signature does not verify");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!client.clientId().equals(claims.getIssuer()) || !client.clientId().equals(claims.getSubject())) {
                throw failure("the client assertion's iss and sub must be the client_id");
            }
            if (claims.getAudience().stream().noneMatch(audiences::contains)) {
                throw failure("the client assertion's aud must name the token endpoint or the issuer");
            }
            Date expiry = claims.getExpirationTime();
            if (expiry == null || !expiry.toInstant().isAfter(clock.instant())) {
                throw failure("the client assertion has expired");
            }
        } catch (ParseException | JOSEException e) {
            throw failure("unreadable client assertion: " + e.getMessage());
        }
    }

    private static boolean signedByClient(SignedJWT jwt, KnownClient client)
            throws ParseException, JOSEException, OAuthErrorException {
        if (!(client.metadata().get("jwks") instanceof Map<?, ?> jwks)) {
            throw failure("the client registered no jwks");
        }
        @SuppressWarnings("unchecked")
        JWKSet keys = JWKSet.parse((Map<String, Object>) jwks);
        String kid = jwt.getHeader().getKeyID();
        DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();
        for (JWK jwk : keys.getKeys()) {
            if (kid != null && !Objects.equals(kid, jwk.getKeyID())) {
                continue;
            }
            Key key = publicKey(jwk);
            if (key != null && jwt.verify(verifiers.createJWSVerifier(jwt.getHeader(), key))) {
                return true;
            }
        }
        return false;
    }

    private static Key publicKey(JWK jwk) throws JOSEException {
        if (jwk instanceof RSAKey rsa) {
            return rsa.toRSAPublicKey();
        }
        if (jwk instanceof ECKey ec) {
            return ec.toECPublicKey();
        }
        return null;
    }

    private static OAuthErrorException failure(String description) {
        return new OAuthErrorException(401, "invalid_client", description);
    }
}
