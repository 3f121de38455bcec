package io.github.mcpoauth.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The DPoP side of the test servers (RFC 9449): checks a proof the way section 4.3 asks, written
 * independently of the client's Nimbus proof factory so that a shared mistake would show: one
 * {@code DPoP} header, {@code typ=dpop+jwt}, an asymmetric {@code alg}, a public {@code jwk} whose
 * signature verifies, {@code htm} and {@code htu} (no query) matching the request, {@code iat}
 * within a minute, a {@code jti} never seen before, and at a resource the {@code ath} of the token.
 * With nonces required, each of the AS and the resource server hands out its own nonce (sections
 * 8 and 9), which tests can rotate. Accepted proofs and nonce challenges are recorded.
 */
final class DpopChecker {

    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.PS256, JWSAlgorithm.RS256);
    private static final Duration IAT_WINDOW = Duration.ofSeconds(60);

    private final boolean requireNonces;
    private final boolean requireProofs;
    private final SecureRandom random = new SecureRandom();
    private final AtomicReference<String> asNonce = new AtomicReference<>();
    private final AtomicReference<String> rsNonce = new AtomicReference<>();
    private final Set<String> seenJtis = ConcurrentHashMap.newKeySet();
    private final List<DpopProof> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger asChallenges = new AtomicInteger();
    private final AtomicInteger rsChallenges = new AtomicInteger();

    /** @param requireProofs a token request without a proof is refused (RFC 9449 section 5.2, {@code dpop_bound_access_tokens}) */
    DpopChecker(boolean requireNonces, boolean requireProofs) {
        this.requireNonces = requireNonces;
        this.requireProofs = requireProofs;
        rotateNonces();
    }

    void rotateNonces() {
        asNonce.set("as-" + randomValue());
        rsNonce.set("rs-" + randomValue());
    }

    /**
     * The accepted proof of a token request, null when it carried none.
     *
     * @throws OAuthErrorException {@code invalid_dpop_proof}, or {@code use_dpop_nonce} (the caller
     *     answers it with {@link #asNonce()} in {@code DPoP-Nonce})
     */
    DpopProof checkTokenRequest(List<String> headers, String tokenEndpoint) throws OAuthErrorException {
        if (headers.isEmpty()) {
            if (requireProofs) {
                throw invalid(400, "this client must send a DPoP proof");
            }
            return null;
        }
        DpopProof proof = check(headers, "token", "POST", tokenEndpoint, null, 400);
        if (requireNonces && !asNonce.get().equals(proof.nonce())) {
            asChallenges.incrementAndGet();
            throw new OAuthErrorException(400, "use_dpop_nonce", "Authorization server requires nonce in DPoP proof");
        }
        accepted.add(proof);
        return proof;
    }

    /**
     * The accepted proof of an MCP request presenting {@code accessToken} bound to {@code jkt}.
     *
     * @throws OAuthErrorException 401 {@code invalid_dpop_proof} or {@code use_dpop_nonce}
     */
    DpopProof checkResourceRequest(List<String> headers, String method, String url, String accessToken, String jkt)
            throws OAuthErrorException {
        if (headers.isEmpty()) {
            throw new OAuthErrorException(401, "invalid_dpop_proof", "A DPoP-bound token needs a DPoP proof");
        }
        DpopProof proof = check(headers, "resource", method, url, accessToken, 401);
        if (!proof.jkt().equals(jkt)) {
            throw new OAuthErrorException(401, "invalid_dpop_proof", "The proof's key is not the token's key");
        }
        if (requireNonces && !rsNonce.get().equals(proof.nonce())) {
            rsChallenges.incrementAndGet();
            throw new OAuthErrorException(401, "use_dpop_nonce", "Resource server requires nonce in DPoP proof");
        }
        accepted.add(proof);
        return proof;
    }

    String asNonce() {
        return asNonce.get();
    }

    String rsNonce() {
        return rsNonce.get();
    }

    List<DpopProof> accepted() {
        return List.copyOf(accepted);
    }

    int asChallenges() {
        return asChallenges.get();
    }

    int rsChallenges() {
        return rsChallenges.get();
    }

    private DpopProof check(List<String> headers, String at, String method, String url, String accessToken,
            int status) throws OAuthErrorException {
        if (headers.size() != 1 || headers.get(0).contains(",")) {
            throw invalid(status, "exactly one DPoP header");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(headers.get(0));
            if (!new JOSEObjectType("dpop+jwt").equals(jwt.getHeader().getType())) {
                throw invalid(status, "typ must be dpop+jwt");
            }
            JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
            JWK jwk = jwt.getHeader().getJWK();
            if (!ASYMMETRIC.contains(alg) || jwk == null || jwk.isPrivate()) {
                throw invalid(status, "an asymmetric alg and a public jwk are required");
            }
            JWSVerifier verifier = jwk instanceof ECKey ec ? new ECDSAVerifier(ec) : new RSASSAVerifier((RSAKey) jwk);
            if (!jwt.verify(verifier)) {
                throw invalid(status, "signature does not verify");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            String jti = claims.getJWTID();
            if (jti == null || !seenJtis.add(jti)) {
                throw invalid(status, "jti missing or already used");
            }
            String htu = claims.getStringClaim("htu");
            if (!method.equals(claims.getStringClaim("htm")) || htu == null || htu.contains("?") || !htu.equals(url)) {
                throw invalid(status, "htm or htu does not match the request");
            }
            Instant iat = claims.getIssueTime() == null ? null : claims.getIssueTime().toInstant();
            if (iat == null || Duration.between(iat, Instant.now()).abs().compareTo(IAT_WINDOW) > 0) {
                throw invalid(status, "iat outside the window");
            }
            String ath = claims.getStringClaim("ath");
            if (accessToken != null && !hash(accessToken).equals(ath)) {
                throw invalid(status, "ath does not match the access token");
            }
            return new DpopProof(at, method, htu, iat, jti, ath, claims.getStringClaim("nonce"),
                    jwk.computeThumbprint().toString());
        } catch (ParseException | JOSEException | ClassCastException e) {
            throw invalid(status, "malformed proof");
        }
    }

    static String hash(String accessToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OAuthErrorException invalid(int status, String why) {
        return new OAuthErrorException(status, "invalid_dpop_proof", why);
    }

    private String randomValue() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
