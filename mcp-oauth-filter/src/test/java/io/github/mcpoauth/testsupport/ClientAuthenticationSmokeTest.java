package io.github.mcpoauth.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The less common client identities: private_key_jwt and Client ID Metadata Documents. */
@Timeout(10)
class ClientAuthenticationSmokeTest {

    private static final String REDIRECT = "http://127.0.0.1:9/callback";

    private final PlainHttp http = new PlainHttp();
    private final BrowserStub browser = new BrowserStub();

    @Test
    void privateKeyJwtClientsAuthenticateWithASignedAssertion() throws JOSEException {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        try (TestAuthorizationServer as = TestAuthorizationServer.builder()
                .tokenEndpointAuthMethods(KnownClient.PRIVATE_KEY_JWT).start()) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("redirect_uris", List.of(REDIRECT));
            metadata.put("token_endpoint_auth_method", KnownClient.PRIVATE_KEY_JWT);
            metadata.put("jwks", Map.of("keys", List.of(key.toPublicJWK().toJSONObject())));
            HttpReply registered = http.postJson(as.endpoints().registrationEndpoint(), metadata, Map.of());
            assertEquals(201, registered.status(), registered::toString);
            String clientId = (String) registered.json().get("client_id");
            assertTrue(!registered.json().containsKey("client_secret"));

            Pkce pkce = Pkce.generate();
            KnownClient client = as.client(clientId).orElseThrow();
            String code = browser.authorize(new ManualOAuthClient(as)
                    .authorizationUrl(client, REDIRECT, pkce, "s", null, null)).get("code");

            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "authorization_code");
            form.put("code", code);
            form.put("redirect_uri", REDIRECT);
            form.put("code_verifier", pkce.verifier());
            form.put("client_id", clientId);
            form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
            form.put("client_assertion", assertion(key, clientId, "http://127.0.0.1:1/elsewhere"));
            assertEquals(401, http.postForm(as.endpoints().tokenEndpoint(), form, Map.of()).status());

            form.put("client_assertion", assertion(key, clientId, as.endpoints().tokenEndpoint()));
            HttpReply tokens = http.postForm(as.endpoints().tokenEndpoint(), form, Map.of());
            assertEquals(200, tokens.status(), tokens::toString);
        }
    }

    @Test
    void aUrlClientIdIsResolvedThroughItsMetadataDocument() {
        try (EmbeddedJetty documentHost = EmbeddedJetty.bind();
                TestAuthorizationServer as = TestAuthorizationServer.builder()
                        .clientIdMetadataDocumentSupported(true).start()) {
            String clientId = documentHost.baseUrl() + "/client.json";
            ServletContextHandler context = new ServletContextHandler("/");
            context.addServlet(new JsonDocumentServlet(Map.of("client_id", clientId, "client_name", "CIMD client",
                    "redirect_uris", List.of(REDIRECT), "token_endpoint_auth_method", "none"), () -> { }),
                    "/client.json");
            documentHost.start(context);

            KnownClient client = new KnownClient(clientId, null, KnownClient.NONE, List.of(), Map.of());
            ManualOAuthClient oauth = new ManualOAuthClient(as);
            Pkce pkce = Pkce.generate();
            Map<String, String> callback = browser.authorize(
                    oauth.authorizationUrl(client, REDIRECT, pkce, "s", null, null));
            HttpReply tokens = oauth.exchangeCode(client, callback.get("code"), REDIRECT, pkce.verifier(), null);
            assertEquals(200, tokens.status(), tokens::toString);
            assertEquals(List.of(clientId), as.clientMetadataDocumentFetches());
            assertEquals(0, as.registrationCount());
        }
    }

    private static String assertion(RSAKey key, String clientId, String audience) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(audience)
                .jwtID(UUID.randomUUID().toString()).expirationTime(Date.from(Instant.now().plusSeconds(60)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
