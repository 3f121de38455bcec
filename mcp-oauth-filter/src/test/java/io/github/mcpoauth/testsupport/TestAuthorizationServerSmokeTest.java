package io.github.mcpoauth.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TestAuthorizationServerSmokeTest {

    private static final String REDIRECT = "http://127.0.0.1:9/callback";
    private static final String RESOURCE = "http://127.0.0.1:8/mcp";

    private final PlainHttp http = new PlainHttp();
    private final BrowserStub browser = new BrowserStub();

    @Test
    void metadataUnderTheIssuerPathNamesTheEndpoints() {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().issuerPath("/tenant1")
                .scopesSupported("mcp:read", "mcp:write").clientIdMetadataDocumentSupported(true).start()) {
            String origin = as.endpoints().origin();
            assertEquals(origin + "/tenant1", as.issuer());
            Map<String, Object> metadata =
                    http.get(origin + "/.well-known/oauth-authorization-server/tenant1", Map.of()).json();
            assertEquals(as.issuer(), metadata.get("issuer"));
            assertEquals(as.issuer() + "/authorize", metadata.get("authorization_endpoint"));
            assertEquals(as.issuer() + "/token", metadata.get("token_endpoint"));
            assertEquals(as.issuer() + "/register", metadata.get("registration_endpoint"));
            assertEquals(List.of("S256"), metadata.get("code_challenge_methods_supported"));
            assertEquals(List.of("mcp:read", "mcp:write"), metadata.get("scopes_supported"));
            assertEquals(Boolean.TRUE, metadata.get("client_id_metadata_document_supported"));
            assertEquals(1, as.metadataRequestCount());
            assertEquals(404, http.get(origin + "/.well-known/oauth-authorization-server", Map.of()).status());
        }
    }

    @Test
    void withoutDynamicRegistrationThereIsNoRegistrationEndpoint() {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().dynamicRegistration(false)
                .metadataLocation(TestAuthorizationServer.MetadataLocation.OPENID_CONFIGURATION).start()) {
            Map<String, Object> metadata = http.get(as.metadataUrl().orElseThrow(), Map.of()).json();
            assertEquals(as.endpoints().origin() + "/.well-known/openid-configuration", as.metadataUrl().orElseThrow());
            assertFalse(metadata.containsKey("registration_endpoint"));
            assertEquals(404, new ManualOAuthClient(as).register(REDIRECT, KnownClient.NONE).status());
        }
    }

    @Test
    void codeFlowWithClientSecretBasicIsSingleUseAndBindsTheResource() {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().start()) {
            ManualOAuthClient oauth = new ManualOAuthClient(as);
            KnownClient client = oauth.registerClient(REDIRECT, KnownClient.CLIENT_SECRET_BASIC);
            assertEquals(1, as.registrationCount());
            Pkce pkce = Pkce.generate();

            Map<String, String> callback = browser.authorize(
                    oauth.authorizationUrl(client, REDIRECT, pkce, "s1", "mcp:read", RESOURCE));
            assertEquals("s1", callback.get("state"));
            assertEquals(as.issuer(), callback.get("iss"));
            Map<String, String> recorded = as.authorizationRequests().get(0);
            assertEquals("mcp:read", recorded.get("scope"));
            assertEquals(RESOURCE, recorded.get("resource"));
            assertEquals(client.clientId(), recorded.get("client_id"));

            HttpReply tokens = oauth.exchangeCode(client, callback.get("code"), REDIRECT, pkce.verifier(), RESOURCE);
            assertEquals(200, tokens.status(), tokens::toString);
            IssuedToken token = as.verify((String) tokens.json().get("access_token")).orElseThrow();
            assertEquals(Set.of("mcp:read"), token.scopes());
            assertEquals(RESOURCE, token.resource());
            assertEquals(3600, ((Number) tokens.json().get("expires_in")).intValue());
            RecordedTokenRequest last = as.lastTokenRequest().orElseThrow();
            assertTrue(last.authorizationHeader().startsWith("Basic "));
            assertEquals(RESOURCE, last.param("resource").orElseThrow());

            HttpReply replay = oauth.exchangeCode(client, callback.get("code"), REDIRECT, pkce.verifier(), RESOURCE);
            assertEquals(400, replay.status());
            assertEquals("invalid_grant", replay.json().get("error"));
            assertEquals(2, as.tokenRequestCount("authorization_code"));
        }
    }

    @Test
    void wrongVerifierRedirectUriOrSecretIsRefused() {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().start()) {
            ManualOAuthClient oauth = new ManualOAuthClient(as);
            KnownClient client = oauth.registerClient(REDIRECT, KnownClient.CLIENT_SECRET_POST);
            Pkce pkce = Pkce.generate();

            String code = browser.authorize(oauth.authorizationUrl(client, REDIRECT, pkce, "s", null, null)).get("code");
            assertEquals("invalid_grant",
                    oauth.exchangeCode(client, code, REDIRECT, Pkce.generate().verifier(), null).json().get("error"));

            code = browser.authorize(oauth.authorizationUrl(client, REDIRECT, pkce, "s", null, null)).get("code");
            assertEquals("invalid_grant",
                    oauth.exchangeCode(client, code, REDIRECT + "x", pkce.verifier(), null).json().get("error"));

            code = browser.authorize(oauth.authorizationUrl(client, REDIRECT, pkce, "s", null, null)).get("code");
            KnownClient wrongSecret = new KnownClient(client.clientId(), "nope",
                    KnownClient.CLIENT_SECRET_POST, List.of(REDIRECT), Map.of());
            HttpReply refused = oauth.exchangeCode(wrongSecret, code, REDIRECT, pkce.verifier(), null);
            assertEquals(401, refused.status());
            assertEquals("invalid_client", refused.json().get("error"));
            assertEquals(200, oauth.exchangeCode(client, code, REDIRECT, pkce.verifier(), null).status());
        }
    }

    @Test
    void authorizeRejectsUnregisteredRedirectAndMissingPkce() {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().start()) {
            ManualOAuthClient oauth = new ManualOAuthClient(as);
            KnownClient client = oauth.registerClient(REDIRECT, KnownClient.NONE);
            String elsewhere = oauth.authorizationUrl(client, "http://127.0.0.1:9/other", Pkce.generate(), "s", null,
                    null);
            assertEquals(400, http.get(elsewhere, Map.of()).status());

            String noPkce = oauth.authorizationUrl(client, REDIRECT, Pkce.generate(), "s", null, null)
                    .replace("code_challenge_method=S256", "code_challenge_method=plain");
            Map<String, String> answer = browser.authorize(noPkce);
            assertEquals("invalid_request", answer.get("error"));
            assertEquals("s", answer.get("state"));
        }
    }

    @Test
    void denyNextAnswersAccessDeniedOnce() {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().start()) {
            ManualOAuthClient oauth = new ManualOAuthClient(as);
            KnownClient client = oauth.registerClient(REDIRECT, KnownClient.NONE);
            as.denyNext();
            Map<String, String> denied = browser.authorize(
                    oauth.authorizationUrl(client, REDIRECT, Pkce.generate(), "st", null, null));
            assertEquals("access_denied", denied.get("error"));
            assertEquals("st", denied.get("state"));
            assertTrue(denied.containsKey("error_description"));
            assertNull(denied.get("code"));
            assertTrue(browser.authorize(oauth.authorizationUrl(client, REDIRECT, Pkce.generate(), "st", null, null))
                    .containsKey("code"));
        }
    }

    @Test
    void refreshRotatesAndTheOldRefreshTokenDies() {
        TestClock clock = TestClock.startingNow();
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().clock(clock)
                .accessTokenLifetime(Duration.ofSeconds(1)).start()) {
            ManualOAuthClient oauth = new ManualOAuthClient(as);
            KnownClient client = oauth.registerClient(REDIRECT, KnownClient.NONE);
            Pkce pkce = Pkce.generate();
            String code = browser.authorize(oauth.authorizationUrl(client, REDIRECT, pkce, "s", "a b", RESOURCE))
                    .get("code");
            Map<String, Object> first = oauth.exchangeCode(client, code, REDIRECT, pkce.verifier(), RESOURCE).json();
            assertEquals(1, ((Number) first.get("expires_in")).intValue());

            clock.advance(Duration.ofSeconds(2));
            assertTrue(as.verify((String) first.get("access_token")).isEmpty(), "expired");

            HttpReply refreshed = oauth.refresh(client, (String) first.get("refresh_token"), RESOURCE);
            assertEquals(200, refreshed.status(), refreshed::toString);
            Map<String, Object> second = refreshed.json();
            assertNotEquals(first.get("refresh_token"), second.get("refresh_token"));
            IssuedToken token = as.verify((String) second.get("access_token")).orElseThrow();
            assertEquals(Set.of("a", "b"), token.scopes());
            assertEquals(RESOURCE, token.resource());

            HttpReply reused = oauth.refresh(client, (String) first.get("refresh_token"), RESOURCE);
            assertEquals(400, reused.status());
            assertEquals("invalid_grant", reused.json().get("error"));
            assertEquals(2, as.tokenRequestCount("refresh_token"));

            as.revokeAll();
            assertTrue(as.verify((String) second.get("access_token")).isEmpty());
            assertEquals("invalid_grant",
                    oauth.refresh(client, (String) second.get("refresh_token"), null).json().get("error"));
        }
    }

    @Test
    void injectedFailuresAnswerTheNextTokenRequestOnly() {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().start()) {
            ManualOAuthClient oauth = new ManualOAuthClient(as);
            KnownClient client = oauth.registerClient(REDIRECT, KnownClient.NONE);
            Pkce pkce = Pkce.generate();
            String code = browser.authorize(oauth.authorizationUrl(client, REDIRECT, pkce, "s", null, null)).get("code");

            as.failNextToken(TestAuthorizationServer.Failure.HTML_200);
            HttpReply html = oauth.exchangeCode(client, code, REDIRECT, pkce.verifier(), null);
            assertEquals(200, html.status());
            assertTrue(html.header("Content-Type").orElseThrow().startsWith("text/html"));

            as.failNextToken(TestAuthorizationServer.Failure.SERVER_ERROR_500);
            assertEquals(500, oauth.exchangeCode(client, code, REDIRECT, pkce.verifier(), null).status());

            as.failNextToken(TestAuthorizationServer.Failure.MISSING_ACCESS_TOKEN);
            HttpReply missing = oauth.exchangeCode(client, code, REDIRECT, pkce.verifier(), null);
            assertEquals(200, missing.status());
            assertFalse(missing.json().containsKey("access_token"));

            as.failNextToken(TestAuthorizationServer.Failure.INVALID_GRANT);
            HttpReply invalid = oauth.exchangeCode(client, code, REDIRECT, pkce.verifier(), null);
            assertEquals(400, invalid.status());
            assertEquals(Map.of("error", "invalid_grant"), invalid.json());

            HttpReply real = oauth.exchangeCode(client, code, REDIRECT, pkce.verifier(), null);
            assertEquals(200, real.status(), "the code survives injected failures");
            assertTrue(real.json().containsKey("access_token"));
            assertEquals(5, as.tokenRequests().size());
        }
    }
}
