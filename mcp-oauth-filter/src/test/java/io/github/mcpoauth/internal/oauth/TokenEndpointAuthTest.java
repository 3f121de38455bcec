package io.github.mcpoauth.internal.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.github.mcpoauth.store.PendingAuthorization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client authentication at the token endpoint as the stub AS sees it, plus PKCE and resource. */
class TokenEndpointAuthTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private StubServer.Request codeExchange() {
        f.authorize();
        List<StubServer.Request> requests = f.stub.requestsTo("/as/token");
        assertEquals(1, requests.size());
        return requests.get(0);
    }

    private void preRegistered(String id, String secret, String method) {
        f.settings.put("mcp.oauth.client-id", id);
        f.settings.put("mcp.oauth.client-issuers", f.issuer());
        if (secret != null) {
            f.settings.put("mcp.oauth.client-secret", secret);
        }
        if (method != null) {
            f.settings.put("mcp.oauth.client-auth-method", method);
        }
    }

    @Test
    void clientSecretBasicSendsFormEncodedCredentialsInTheAuthorizationHeader() throws Exception {
        preRegistered("id with:colon", "s%cret:+", "client_secret_basic");
        StubServer.Request token = codeExchange();
        String header = token.header("authorization");
        assertTrue(header.startsWith("Basic "));
        ClientSecretBasic basic = ClientSecretBasic.parse(header);
        assertEquals("id with:colon", basic.getClientID().getValue());
        assertEquals("s%cret:+", basic.getClientSecret().getValue());
        assertNull(token.form().get("client_secret"));
        assertNull(token.form().get("client_id"));
    }

    @Test
    void clientSecretPostSendsCredentialsInTheBody() {
        preRegistered("post-client", "post-secret", "client_secret_post");
        StubServer.Request token = codeExchange();
        assertNull(token.header("authorization"));
        assertEquals("post-client", token.form().get("client_id"));
        assertEquals("post-secret", token.form().get("client_secret"));
    }

    @Test
    void noneSendsOnlyTheClientId() {
        preRegistered("public-client", null, null);
        StubServer.Request token = codeExchange();
        assertNull(token.header("authorization"));
        assertEquals("public-client", token.form().get("client_id"));
        assertNull(token.form().get("client_secret"));
        assertNull(token.form().get("client_assertion"));
    }

    @Test
    void privateKeyJwtSignsAnRs256AssertionForTheTokenEndpoint() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k-rsa").generate();
        preRegistered("jwt-client", null, "private_key_jwt");
        f.settings.put("mcp.oauth.client-jwk", key.toJSONString());
        StubServer.Request token = codeExchange();
        SignedJWT assertion = assertionOf(token);
        assertEquals(JWSAlgorithm.RS256, assertion.getHeader().getAlgorithm());
        assertEquals("k-rsa", assertion.getHeader().getKeyID());
        assertTrue(assertion.verify(new RSASSAVerifier(key.toRSAPublicKey())));
        assertClaims(assertion);
    }

    @Test
    void privateKeyJwtSignsEs256WithAnEcKeyReadFromAFile(@TempDir Path dir) throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k-ec").generate();
        Path file = dir.resolve("client.jwk");
        Files.writeString(file, key.toJSONString());
        preRegistered("jwt-client", null, "private_key_jwt");
        f.settings.put("mcp.oauth.client-jwk", "file:" + file);
        SignedJWT assertion = assertionOf(codeExchange());
        assertEquals(JWSAlgorithm.ES256, assertion.getHeader().getAlgorithm());
        assertTrue(assertion.verify(new ECDSAVerifier(key.toECPublicKey())));
        assertClaims(assertion);
    }

    @Test
    void cimdWithAJwkUsesPrivateKeyJwt() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).generate();
        f.settings.put("mcp.oauth.client-metadata-url", "https://app.example/client.json");
        f.settings.put("mcp.oauth.client-jwk", key.toJSONString());
        f.asMetadata.put("client_id_metadata_document_supported", true);
        SignedJWT assertion = assertionOf(codeExchange());
        assertEquals("https://app.example/client.json", assertion.getJWTClaimsSet().getIssuer());
        assertTrue(assertion.verify(new RSASSAVerifier(key.toRSAPublicKey())));
    }

    @Test
    void aPublicOrUnreadableJwkFailsAtBuildNamingTheSetting() throws Exception {
        f.settings.put("mcp.oauth.client-jwk", new RSAKeyGenerator(2048).generate().toPublicJWK().toJSONString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, f::manager);
        assertTrue(e.getMessage().startsWith("mcp.oauth.client-jwk"), e.getMessage());
        f.settings.put("mcp.oauth.client-jwk", "{not json");
        assertThrows(IllegalArgumentException.class, f::manager);
    }

    private static SignedJWT assertionOf(StubServer.Request token) throws Exception {
        Map<String, String> form = token.form();
        assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form.get("client_assertion_type"));
        assertNull(token.header("authorization"));
        return SignedJWT.parse(form.get("client_assertion"));
    }

    private void assertClaims(SignedJWT assertion) throws Exception {
        assertEquals("jwt-client", assertion.getJWTClaimsSet().getIssuer());
        assertEquals("jwt-client", assertion.getJWTClaimsSet().getSubject());
        assertEquals(List.of(f.stub.origin() + "/as/token"), assertion.getJWTClaimsSet().getAudience());
        assertNotNull(assertion.getJWTClaimsSet().getJWTID());
    }

    @Test
    void theCodeExchangeSendsCodeVerifierRedirectUriAndResource() {
        PendingAuthorization pending = f.begin();
        String challenge = Fixture.query(pending.authUrl()).get("code_challenge");
        Fixture.authorized(f.manager().completeAuthorization(Fixture.OWNER, Map.of("code", "c-1", "state", pending.state())));
        Map<String, String> form = f.stub.requestsTo("/as/token").get(0).form();
        assertEquals("authorization_code", form.get("grant_type"));
        assertEquals("c-1", form.get("code"));
        assertEquals(f.redirectUri().toString(), form.get("redirect_uri"));
        assertEquals(f.stub.origin() + "/mcp", form.get("resource"));
        assertEquals(challenge,
                CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(form.get("code_verifier"))).getValue());
        assertEquals("application/x-www-form-urlencoded", f.stub.requestsTo("/as/token").get(0).header("content-type")
                .split(";")[0]);
    }

    @Test
    void dynamicallyRegisteredCredentialsAreUsedAsRegistered() throws Exception {
        StubServer.Request token = codeExchange();
        ClientSecretBasic basic = ClientSecretBasic.parse(token.header("authorization"));
        assertEquals("dyn-client", basic.getClientID().getValue());
        assertEquals("dyn-secret", basic.getClientSecret().getValue());
    }
}
