package io.github.mcpoauth.conformance;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.crypto.KeyAgreement;

/**
 * Turns the PKCS#8 PEM P-256 private key a conformance scenario hands out into the private JWK
 * {@code mcp.oauth.client-jwk} takes. A JWK carries the public point too, which the JDK does not
 * derive: ECDH of the private key with the curve's generator gives its x coordinate, the curve
 * equation two candidates for y, and a test signature picks the right one.
 */
final class EcPem {

    private EcPem() {
    }

    static ECKey toJwk(String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        KeyFactory factory = KeyFactory.getInstance("EC");
        ECPrivateKey privateKey = (ECPrivateKey) factory.generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        ECParameterSpec params = privateKey.getParams();
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(privateKey);
        ecdh.doPhase(factory.generatePublic(new ECPublicKeySpec(params.getGenerator(), params)), true);
        BigInteger x = new BigInteger(1, ecdh.generateSecret());
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
        BigInteger rhs = x.pow(3).add(params.getCurve().getA().multiply(x)).add(params.getCurve().getB()).mod(p);
        BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p); // p = 3 mod 4 for P-256
        for (BigInteger candidate : new BigInteger[] {y, p.subtract(y)}) {
            ECPublicKey publicKey = (ECPublicKey) factory.generatePublic(
                    new ECPublicKeySpec(new ECPoint(x, candidate), params));
            if (matches(privateKey, publicKey)) {
                return new ECKey.Builder(Curve.P_256, publicKey).privateKey(privateKey).build();
            }
        }
        throw new GeneralSecurityException("no public point matches the private key");
    }

    private static boolean matches(ECPrivateKey privateKey, ECPublicKey publicKey) throws GeneralSecurityException {
        byte[] probe = "probe".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(privateKey);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(probe);
        return verifier.verify(signature);
    }
}
