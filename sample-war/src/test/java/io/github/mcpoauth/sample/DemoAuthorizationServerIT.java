package io.github.mcpoauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample's demo authorization server and demo MCP server, probed by hand as a hostile or
 * careless client would: the demo is for evaluation only, but it must not teach bad habits.
 */
class DemoAuthorizationServerIT {

    private static final String REDIRECT = "http://localhost:1/callback";
    private static final Pattern TX = Pattern.compile("name=\"tx\" value=\"([^\"]+)\"");

    private static SampleApp app;

    @BeforeAll
    static void start() throws Exception {
        app = SampleApp.start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @Test
    void mcpEndpointWithoutTokenAnswers401NamingItsResourceMetadata() {
        SampleClient browser = new SampleClient(app.origin());
        HttpResponse<String> denied = browser.postMcp("/demo/mcp", null, initialize());
        assertEquals(401, denied.statusCode());
        String challenge = denied.headers().firstValue("WWW-Authenticate").orElseThrow();
        String metadataUrl = app.origin() + "/.well-known/oauth-protected-resource/demo/mcp";
        assertTrue(challenge.contains("resource_metadata=\"" + metadataUrl + "\""), challenge);

        Map<String, Object> metadata = SampleClient.json(browser.get(metadataUrl));
        assertEquals(app.origin() + "/demo/mcp", metadata.get("resource"));
        assertEquals(List.of(app.origin() + "/demo/oauth"), metadata.get("authorization_servers"));
        Map<String, Object> server = SampleClient.json(browser.get("/demo/oauth/.well-known/openid-configuration"));
        assertEquals(app.origin() + "/demo/oauth", server.get("issuer"));
        assertEquals(List.of("S256"), server.get("code_challenge_methods_supported"));
    }

    @Test
    void forgedBearerTokenIsRefusedAsInvalidToken() {
        SampleClient browser = new SampleClient(app.origin());
        String forged = "eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vLXVzZXIifQ.c2lnbmF0dXJl";
        HttpResponse<String> denied = browser.postMcp("/demo/mcp", "Bearer " + forged, initialize());
        assertEquals(401, denied.statusCode());
        assertTrue(denied.headers().firstValue("WWW-Authenticate").orElseThrow().contains("error=\"invalid_token\""));
    }

    @Test
    void unknownClientOrUnregisteredRedirectGetsAnErrorPageNeverARedirect() {
        SampleClient browser = new SampleClient(app.origin());
        HttpResponse<String> unknown = browser.get(authorizeUrl("not-a-client", "https://attacker.example/cb", "x"));
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.headers().firstValue("Location").isEmpty());

        String clientId = register(browser, "honest client");
        HttpResponse<String> elsewhere = browser.get(authorizeUrl(clientId, "https://attacker.example/cb", challenge("v")));
        assertEquals(400, elsewhere.statusCode());
        assertTrue(elsewhere.headers().firstValue("Location").isEmpty());
        assertTrue(elsewhere.body().contains("redirect_uri"), elsewhere.body());
    }

    @Test
    void authorizationWithoutPkceIsSentBackAsInvalidRequest() {
        SampleClient browser = new SampleClient(app.origin());
        String clientId = register(browser, "no pkce");
        String url = app.origin() + "/demo/oauth/authorize?response_type=code&state=s1&client_id=" + enc(clientId)
                + "&redirect_uri=" + enc(REDIRECT);
        HttpResponse<String> answer = browser.get(url);
        assertEquals(303, answer.statusCode());
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT + "?"), location);
        assertTrue(location.contains("error=invalid_request") && location.contains("state=s1"), location);
    }

    @Test
    void clientNameIsEscapedOnTheConsentPage() {
        SampleClient browser = new SampleClient(app.origin());
        String clientId = register(browser, "<script>alert(1)</script>");
        HttpResponse<String> consent = browser.get(authorizeUrl(clientId, REDIRECT, challenge("verifier-1")));
        assertEquals(200, consent.statusCode());
        assertFalse(consent.body().contains("<script>"), consent.body());
        assertTrue(consent.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertEquals("DENY", consent.headers().firstValue("X-Frame-Options").orElseThrow());
    }

    @Test
    void consentAnsweredFromAnotherBrowserIsRefused() {
        SampleClient victim = new SampleClient(app.origin());
        SampleClient other = new SampleClient(app.origin());
        String clientId = register(victim, "csrf target");
        String tx = txOf(victim.get(authorizeUrl(clientId, REDIRECT, challenge("v2"))));
        HttpResponse<String> forged = other.postForm("/demo/oauth/authorize", Map.of("tx", tx, "decision", "approve"));
        assertEquals(403, forged.statusCode());
        assertTrue(forged.headers().firstValue("Location").isEmpty());
    }

    @Test
    void codeNeedsTheRightVerifierAndWorksOnlyOnce() {
        SampleClient browser = new SampleClient(app.origin());
        String clientId = register(browser, "code user");
        String wrongVerifierCode = approvedCode(browser, clientId, "right-verifier-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        HttpResponse<String> wrong = redeem(browser, clientId, wrongVerifierCode, "wrong-verifier-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        assertEquals(400, wrong.statusCode());
        assertEquals("invalid_grant", SampleClient.json(wrong).get("error"));

        String verifier = "good-verifier-cccccccccccccccccccccccccccccccccccccc";
        String code = approvedCode(browser, clientId, verifier);
        HttpResponse<String> tokens = redeem(browser, clientId, code, verifier);
        assertEquals(200, tokens.statusCode(), tokens.body());
        Map<String, Object> issued = SampleClient.json(tokens);
        assertEquals("Bearer", issued.get("token_type"));
        assertTrue(issued.containsKey("refresh_token"));
        assertEquals(200, browser.postMcp("/demo/mcp", "Bearer " + issued.get("access_token"), initialize()).statusCode());

        HttpResponse<String> replay = redeem(browser, clientId, code, verifier);
        assertEquals(400, replay.statusCode());
        assertEquals("invalid_grant", SampleClient.json(replay).get("error"));
    }

    private static String approvedCode(SampleClient browser, String clientId, String verifier) {
        String tx = txOf(browser.get(authorizeUrl(clientId, REDIRECT, challenge(verifier))));
        HttpResponse<String> approved = browser.postForm("/demo/oauth/authorize", Map.of("tx", tx, "decision", "approve"));
        assertEquals(303, approved.statusCode());
        String location = approved.headers().firstValue("Location").orElseThrow();
        assertTrue(location.contains("iss=" + enc(app.origin() + "/demo/oauth")), location);
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        assertTrue(code.find(), location);
        return code.group(1);
    }

    private static HttpResponse<String> redeem(SampleClient browser, String clientId, String code, String verifier) {
        return browser.postForm("/demo/oauth/token", Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "client_id", clientId, "code_verifier", verifier,
                "resource", app.origin() + "/demo/mcp"));
    }

    private static String register(SampleClient browser, String name) {
        HttpResponse<String> registered = browser.postJson("/demo/oauth/register",
                Map.of("client_name", name, "redirect_uris", List.of(REDIRECT), "token_endpoint_auth_method", "none"));
        assertEquals(201, registered.statusCode(), registered.body());
        return (String) SampleClient.json(registered).get("client_id");
    }

    private static String authorizeUrl(String clientId, String redirect, String challenge) {
        return app.origin() + "/demo/oauth/authorize?response_type=code&state=st&code_challenge_method=S256"
                + "&code_challenge=" + enc(challenge) + "&client_id=" + enc(clientId) + "&redirect_uri=" + enc(redirect)
                + "&resource=" + enc(app.origin() + "/demo/mcp");
    }

    private static String txOf(HttpResponse<String> consent) {
        Matcher tx = TX.matcher(consent.body());
        assertTrue(consent.statusCode() == 200 && tx.find(), consent.body());
        return tx.group(1);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> initialize() {
        return Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of(
                "protocolVersion", "2025-06-18", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "test", "version", "1")));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

}
