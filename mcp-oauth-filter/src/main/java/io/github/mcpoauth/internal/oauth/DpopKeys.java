package io.github.mcpoauth.internal.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.text.ParseException;
import java.util.List;

/**
 * Makes and reads the DPoP key pairs (RFC 9449 section 4.1). The algorithm is chosen from the AS's
 * {@code dpop_signing_alg_values_supported} (section 5.1): ES256 when offered (small, fast, what
 * every DPoP implementation supports), else PS256 or RS256 with a 2048-bit RSA key; an AS that
 * offers none of these gets no DPoP. A key is a private JWK kept as JSON in the {@code TokenSet},
 * so it is stored, encrypted, with the tokens it is bound to.
 */
final class DpopKeys {

    /** In order of preference. */
    private static final List<String> SUPPORTED = List.of("ES256", "PS256", "RS256");

    private DpopKeys() {
    }

    /** The algorithm to use with an AS advertising {@code advertised}; null when DPoP is not possible. */
    static String choose(List<String> advertised) {
        return SUPPORTED.stream().filter(advertised::contains).findFirst().orElse(null);
    }

    /** A new private JWK (JSON) for {@code algorithm}, one {@link #choose} returned. */
    static String generate(String algorithm) {
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        try {
            JWK key = alg.equals(JWSAlgorithm.ES256)
                    ? new ECKeyGenerator(Curve.P_256).algorithm(alg).generate()
                    : new RSAKeyGenerator(2048).algorithm(alg).generate();
            return key.toJSONString();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot make a DPoP key for " + algorithm, e);
        }
    }

    /** The stored key; never puts the key's text into an exception. */
    static JWK parse(String key) {
        try {
            JWK jwk = JWK.parse(key);
            if (!jwk.isPrivate() || jwk.getAlgorithm() == null) {
                throw new IllegalArgumentException("The stored DPoP key is not a private key with an algorithm");
            }
            return jwk;
        } catch (ParseException e) {
            throw new IllegalArgumentException("The stored DPoP key is unreadable");
        }
    }
}
