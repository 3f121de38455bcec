package io.github.mcpoauth.internal.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.store.TokenSet;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The token-request side of DPoP (RFC 9449 sections 5 and 8) against a stub AS, and the MCP
 * server's nonce answer (section 9): which algorithm is chosen, that a {@code use_dpop_nonce}
 * answer gets exactly one more request (never a loop), that {@code token_type} decides the scheme,
 * and which 401 answers are worth a replay.
 */
class DpopTokenRequestTest {

    private final Fixture f = new Fixture();
    private final List<String> proofs = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        f.close();
    }

    /** The AS offers {@code algorithms}, and the MCP server's metadata says it takes DPoP-bound tokens. */
    private void offerDpop(List<String> algorithms) {
        f.asMetadata.put("dpop_signing_alg_values_supported", algorithms);
        f.prm.put("dpop_signing_alg_values_supported", List.of("ES256", "PS256"));
    }

    private void offerDpop(List<String> algorithms, String tokenType) {
        offerDpop(algorithms);
        f.tokenHandler = r -> {
            proofs.add(r.header("DPoP"));
            return StubServer.json(200, Map.of("access_token", "at-" + proofs.size(), "refresh_token", "rt",
                    "token_type", tokenType, "expires_in", 3600));
        };
    }

    @Test
    void es256IsPreferredAndTheTokensAreBoundToTheNewKey() throws Exception {
        offerDpop(List.of("RS256", "ES256"), "DPoP");
        PendingAuthorization pending = f.begin();
        assertEquals("ES256", pending.dpopAlgorithm());

        TokenSet tokens = Fixture.authorized(f.manager().completeAuthorization(Fixture.OWNER,
                Map.of("code", "c", "state", pending.state()))).tokens();

        assertTrue(tokens.dpopBound());
        SignedJWT proof = SignedJWT.parse(proofs.get(0));
        assertEquals("dpop+jwt", proof.getHeader().getType().getType());
        assertEquals("ES256", proof.getHeader().getAlgorithm().getName());
        assertFalse(proof.getHeader().getJWK().isPrivate(), "only the public key travels");
        assertEquals(f.issuer() + "/token", proof.getJWTClaimsSet().getStringClaim("htu"));
        assertEquals("POST", proof.getJWTClaimsSet().getStringClaim("htm"));
        assertNull(proof.getJWTClaimsSet().getClaim("ath"));
    }

    @Test
    void anRsaOnlyServerGetsAnRsaKeyAndAnUnknownAlgorithmNone() {
        offerDpop(List.of("PS256"));
        assertEquals("PS256", f.begin().dpopAlgorithm());
        f.asMetadata.put("dpop_signing_alg_values_supported", List.of("EdDSA"));
        f.manager().forget(Fixture.OWNER, Fixture.SERVER);
        assertNull(f.begin().dpopAlgorithm());
    }

    @Test
    void turnedOffNoKeyIsMade() {
        f.settings.put("mcp.oauth.dpop", "false");
        offerDpop(List.of("ES256"));
        assertNull(f.begin().dpopAlgorithm());
    }

    @Test
    void aBearerAnswerIsUsedAsABearerTokenButTheKeyIsKeptForRefreshes() throws Exception {
        offerDpop(List.of("ES256"), "Bearer");
        TokenSet tokens = f.authorize();

        assertFalse(tokens.dpopBound());
        assertTrue(tokens.dpopKey() != null, "a public client's refresh token may still be bound (section 5)");
        assertEquals(Map.of("Authorization", "Bearer " + tokens.accessToken()),
                f.manager().dpop().resourceHeaders(tokens, "POST", f.serverUrl()));
    }

    @Test
    void aNonceIsAskedForOnceThenTheRequestIsSentOnceMoreWithIt() throws Exception {
        offerDpop(List.of("ES256"));
        f.tokenHandler = r -> {
            proofs.add(r.header("DPoP"));
            return proofs.size() == 1
                    ? new StubServer.Response(400, "application/json", "{\"error\":\"use_dpop_nonce\"}",
                            Map.of("DPoP-Nonce", "n-1"))
                    : StubServer.json(200, Map.of("access_token", "at", "token_type", "DPoP", "expires_in", 3600));
        };

        assertTrue(f.authorize().dpopBound());

        assertEquals(2, proofs.size());
        assertNull(SignedJWT.parse(proofs.get(0)).getJWTClaimsSet().getClaim("nonce"));
        assertEquals("n-1", SignedJWT.parse(proofs.get(1)).getJWTClaimsSet().getStringClaim("nonce"));
        assertTrue(!SignedJWT.parse(proofs.get(0)).getJWTClaimsSet().getJWTID()
                .equals(SignedJWT.parse(proofs.get(1)).getJWTClaimsSet().getJWTID()), "a new jti");
    }

    @Test
    void aServerThatKeepsAskingForANonceIsAskedTwiceOnly() {
        offerDpop(List.of("ES256"));
        f.tokenHandler = r -> {
            proofs.add(r.header("DPoP"));
            return new StubServer.Response(400, "application/json", "{\"error\":\"use_dpop_nonce\"}",
                    Map.of("DPoP-Nonce", "n-" + proofs.size()));
        };
        PendingAuthorization pending = f.begin();

        Fixture.ended(f.manager().completeAuthorization(Fixture.OWNER, Map.of("code", "c", "state", pending.state())),
                Code.UPSTREAM);

        assertEquals(2, proofs.size());
    }

    @Test
    void anMcpServersNonceAnswerIsWorthOneReplayOnly() throws Exception {
        offerDpop(List.of("ES256"), "DPoP");
        TokenSet tokens = f.authorize();
        Dpop dpop = f.manager().dpop();
        URI mcp = URI.create(f.serverUrl() + "?session=1");
        Map<String, String> first = dpop.resourceHeaders(tokens, "POST", mcp);
        SignedJWT firstProof = SignedJWT.parse(first.get("DPoP"));
        assertEquals(f.serverUrl().toString(), firstProof.getJWTClaimsSet().getStringClaim("htu"), "no query in htu");
        assertEquals("DPoP " + tokens.accessToken(), first.get("Authorization"));

        HttpHeaders challenge = headers(Map.of("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\"",
                "DPoP-Nonce", "rs-1"));
        assertFalse(dpop.nonceRequested(headers(first), mcp, 403, challenge), "only a 401");
        assertFalse(dpop.nonceRequested(headers(first), mcp, 401, headers(Map.of("WWW-Authenticate",
                "DPoP error=\"invalid_token\"", "DPoP-Nonce", "rs-1"))), "another error");
        assertFalse(dpop.nonceRequested(headers(first), mcp, 401, headers(Map.of("WWW-Authenticate",
                "DPoP error=\"use_dpop_nonce\"", "DPoP-Nonce", "bad nonce\""))), "not a valid nonce");
        assertTrue(dpop.nonceRequested(headers(first), mcp, 401, challenge));

        Map<String, String> second = dpop.resourceHeaders(tokens, "POST", mcp);
        assertEquals("rs-1", SignedJWT.parse(second.get("DPoP")).getJWTClaimsSet().getStringClaim("nonce"));
        assertFalse(dpop.nonceRequested(headers(second), mcp, 401, challenge),
                "the nonce asked for was sent: no second replay");
    }

    private static HttpHeaders headers(Map<String, String> values) {
        BiPredicate<String, String> all = (name, value) -> true;
        return HttpHeaders.of(values.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> List.of(e.getValue()))), all);
    }
}
