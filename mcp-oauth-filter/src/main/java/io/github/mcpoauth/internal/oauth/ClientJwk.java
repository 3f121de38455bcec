package io.github.mcpoauth.internal.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

/**
 * The private key this app signs {@code private_key_jwt} client assertions with (RFC 7523 section
 * 2.2, OpenID Connect Core section 9): a JWK from {@code mcp.oauth.client-jwk}, given inline as JSON
 * or as {@code file:PATH}. RSA keys sign with RS256, EC keys with the ES algorithm of their curve.
 */
record ClientJwk(JWK jwk, PrivateKey privateKey, JWSAlgorithm algorithm) {

    private static final String KEY = "mcp.oauth.client-jwk";

    /** Reads and checks the key; an unusable value fails with a message naming the setting. */
    static ClientJwk load(String value) {
        String json = value.strip();
        if (json.startsWith("file:")) {
            try {
                json = Files.readString(Path.of(json.substring("file:".length())));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(KEY + ": cannot read " + json.substring("file:".length()));
            }
        }
        JWK jwk;
        try {
            jwk = JWK.parse(json);
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException(KEY + ": not a JWK (" + e.getMessage() + ")");
        }
        if (!jwk.isPrivate()) {
            throw new IllegalArgumentException(KEY + ": the JWK holds no private key");
        }
        try {
            if (jwk instanceof RSAKey rsa) {
                return new ClientJwk(jwk, rsa.toPrivateKey(), JWSAlgorithm.RS256);
            }
            if (jwk instanceof ECKey ec) {
                return new ClientJwk(jwk, ec.toPrivateKey(), algorithmFor(ec.getCurve()));
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException(KEY + ": unusable key (" + e.getMessage() + ")");
        }
        throw new IllegalArgumentException(KEY + ": expected an RSA or EC key, got " + jwk.getKeyType());
    }

    private static JWSAlgorithm algorithmFor(Curve curve) {
        if (Curve.P_384.equals(curve)) {
            return JWSAlgorithm.ES384;
        }
        if (Curve.P_521.equals(curve)) {
            return JWSAlgorithm.ES512;
        }
        if (Curve.P_256.equals(curve)) {
            return JWSAlgorithm.ES256;
        }
        throw new IllegalArgumentException(KEY + ": unsupported EC curve " + curve);
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "ClientJwk[kid=" + jwk.getKeyID() + ", alg=" + algorithm + "]";
    }
}
