package io.github.mcpoauth.internal.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.github.mcpoauth.config.McpOAuthConfig.DpopMode;
import io.github.mcpoauth.store.TokenSet;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DPoP (RFC 9449; MCP extension SEP-1932): sender-constrained tokens, so a token copied out of the
 * store or a log is useless without the private key it is bound to. Makes the proofs (section 4.2)
 * for token requests (section 5) and for MCP requests (section 7, with {@code ath}), each with the
 * latest nonce the server gave the key (sections 8 and 9), and recognises a server's
 * {@code use_dpop_nonce} answer. Proofs come from Nimbus's {@link DefaultDPoPProofFactory}: a fresh
 * {@code jti} and {@code iat} each. The key never leaves this class and its callers' TokenSet.
 */
public final class Dpop {

    private final DpopMode mode;
    private final DpopNonces nonces = new DpopNonces();

    Dpop(DpopMode mode) {
        this.mode = mode;
    }

    /**
     * The DPoP algorithm to request tokens with at {@code as}; null for bearer tokens: DPoP is off,
     * {@code as} offers no algorithm we have, or (mode {@code auto}) the MCP server gave no sign that it
     * accepts DPoP, since a server that knows only {@code Bearer} refuses a DPoP-bound token.
     */
    String algorithmFor(AuthServer as, boolean resourceAcceptsDpop) {
        boolean wanted = switch (mode) {
            case ALWAYS -> true;
            case AUTO -> resourceAcceptsDpop;
            case NEVER -> false;
        };
        return wanted ? DpopKeys.choose(as.dpopAlgorithms()) : null;
    }

    /**
     * The headers that present {@code tokens} on a request to the MCP server: {@code Authorization:
     * DPoP} and a {@code DPoP} proof with {@code ath} for a DPoP-bound token (section 7.1), else
     * {@code Authorization: Bearer} (RFC 6750 section 2.1).
     */
    public Map<String, String> resourceHeaders(TokenSet tokens, String method, URI uri) {
        if (!tokens.dpopBound()) {
            return Map.of("Authorization", "Bearer " + tokens.accessToken());
        }
        return Map.of("Authorization", "DPoP " + tokens.accessToken(),
                "DPoP", proof(tokens.dpopKey(), method, uri, tokens.accessToken()));
    }

    /** The proof for a token request to {@code tokenEndpoint} (section 5). */
    String tokenRequestProof(String key, URI tokenEndpoint) {
        return proof(key, "POST", tokenEndpoint, null);
    }

    /**
     * After the MCP server answered a request that carried {@code sentHeaders}: true when it asked
     * for a nonce (section 9: 401, a {@code DPoP} challenge with {@code use_dpop_nonce}, and a
     * {@code DPoP-Nonce} header) that the sent proof did not carry, so the request is worth sending
     * again; the nonce is then what the next proofs for this key and server carry.
     */
    public boolean nonceRequested(HttpHeaders sentHeaders, URI uri, int status, HttpHeaders response) {
        Optional<String> nonce = response.firstValue("DPoP-Nonce");
        Optional<String> sent = sentHeaders.firstValue("DPoP");
        if (status != 401 || nonce.isEmpty() || sent.isEmpty()) {
            return false;
        }
        String joined = String.join(", ", response.allValues("WWW-Authenticate"));
        Map<String, String> challenge = AuthChallengeParser.paramsOf(joined, "DPoP");
        if (challenge == null || !"use_dpop_nonce".equals(challenge.get("error"))) {
            return false;
        }
        try {
            SignedJWT proof = SignedJWT.parse(sent.get());
            JWK jwk = proof.getHeader().getJWK();
            if (jwk == null || nonce.get().equals(proof.getJWTClaimsSet().getStringClaim("nonce"))) {
                return false; // the nonce asked for was already sent: another try would get the same answer
            }
            return nonces.remember(jwk.computeThumbprint().toString(), uri, nonce.get());
        } catch (ParseException | JOSEException e) {
            return false;
        }
    }

    /** Keeps a nonce the AS sent with any token response (section 8.2: it may change it at any time). */
    void rememberAsNonce(String key, URI tokenEndpoint, List<String> dpopNonceHeaders) {
        if (dpopNonceHeaders != null && !dpopNonceHeaders.isEmpty()) {
            nonces.remember(thumbprint(DpopKeys.parse(key)), tokenEndpoint, dpopNonceHeaders.get(0));
        }
    }

    private String proof(String key, String method, URI uri, String accessToken) {
        JWK jwk = DpopKeys.parse(key);
        URI htu = withoutQuery(uri);
        String nonce = nonces.latest(thumbprint(jwk), htu);
        try {
            DefaultDPoPProofFactory factory = new DefaultDPoPProofFactory(jwk, JWSAlgorithm.parse(
                    jwk.getAlgorithm().getName()));
            return factory.createDPoPJWT(method, htu, accessToken == null ? null : new DPoPAccessToken(accessToken),
                    nonce == null ? null : new Nonce(nonce)).serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a DPoP proof: " + e.getClass().getSimpleName());
        }
    }

    /** Section 4.2: {@code htu} is the request URI without query and fragment. */
    static URI withoutQuery(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority()
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath()));
    }

    private static String thumbprint(JWK jwk) {
        try {
            return jwk.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot compute the DPoP key thumbprint");
        }
    }
}
