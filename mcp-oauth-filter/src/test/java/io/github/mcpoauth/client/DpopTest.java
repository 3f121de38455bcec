package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import io.github.mcpoauth.store.InMemoryMcpStore;
import io.github.mcpoauth.store.TokenSet;
import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.DpopProof;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DPoP end to end (RFC 9449, SEP-1932) against a test AS and MCP server that bind tokens to the
 * proof's key and check every proof independently of the client's proof factory: the proofs'
 * claims, nonces at both servers, a token taken from the store refused without its key, the key
 * kept across a refresh and a restart; and when tokens are bound at all: by default only when the MCP
 * server signals DPoP (a {@code DPoP} challenge, as the test server sends unless told otherwise, or its
 * resource metadata), {@code always} without a signal, {@code never} or {@code false} not even with one.
 */
class DpopTest {

    private static final String OWNER = "alice";

    private final BrowserStub browser = new BrowserStub();
    private final InMemoryMcpStore store = new InMemoryMcpStore();
    private TestAuthorizationServer as;
    private TestMcpServer mcp;
    private ClientHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        if (mcp != null) {
            mcp.close();
        }
        if (as != null) {
            as.close();
        }
    }

    private String start(boolean nonces, Map<String, String> settings) throws Exception {
        return start(nonces, settings, TestMcpServer.DpopSupport.CHALLENGE);
    }

    private String start(boolean nonces, Map<String, String> settings, TestMcpServer.DpopSupport support)
            throws Exception {
        as = TestAuthorizationServer.builder().dpop(nonces).start();
        mcp = TestMcpServer.builder().protectedBy(as).dpopSupport(support).start();
        harness = new ClientHarness(settings, Clock.systemUTC(), store);
        AddServerResult added = harness.manager(OWNER).addMcpServer("secure", mcp.url());
        assertEquals(ConnectionState.AUTHENTICATING, added.state());
        AddServerResult ready = harness.service.completeAuthorization(OWNER, browser.authorize(added.authUrl()))
                .get(20, TimeUnit.SECONDS);
        assertEquals(ConnectionState.READY, ready.state(), () -> String.valueOf(harness.manager(OWNER)
                .getServer(added.id())));
        return added.id();
    }

    private TokenSet stored(String serverId) {
        return store.tokens().find(OWNER, serverId).orElseThrow();
    }

    private List<DpopProof> proofs(String at) {
        return as.dpopProofs().stream().filter(p -> p.at().equals(at)).toList();
    }

    @Test
    void tokensAreBoundToAKeyAndEveryRequestCarriesAFreshProof() throws Exception {
        String id = start(false, Map.of());
        harness.manager(OWNER).callTool(id, "echo", Map.of("text", "one"));
        harness.manager(OWNER).callTool(id, "echo", Map.of("text", "two"));

        TokenSet tokens = stored(id);
        assertEquals("DPoP", tokens.tokenType());
        assertTrue(tokens.dpopBound());
        assertFalse(tokens.toString().contains(tokens.dpopKey()), "the key never shows in toString");
        String jkt = JWK.parse(tokens.dpopKey()).computeThumbprint().toString();
        assertEquals(jkt, as.verify(tokens.accessToken()).orElseThrow().jkt(), "cnf.jkt binding");

        DpopProof tokenProof = proofs("token").get(0);
        assertEquals("POST", tokenProof.htm());
        assertEquals(as.endpoints().tokenEndpoint(), tokenProof.htu());
        assertNull(tokenProof.ath(), "no access token at the token endpoint");
        assertEquals(jkt, tokenProof.jkt());
        assertTrue(Duration.between(tokenProof.iat(), Instant.now()).abs().toSeconds() < 60);

        List<DpopProof> resource = proofs("resource");
        assertTrue(resource.size() >= 4, "initialize, initialized, tools/list, two calls: " + resource.size());
        for (DpopProof proof : resource) {
            assertEquals(mcp.url(), proof.htu());
            assertEquals(jkt, proof.jkt());
            assertEquals(sha256(tokens.accessToken()), proof.ath());
            assertNull(proof.nonce(), "no nonce was asked for");
        }
        assertTrue(resource.stream().anyMatch(p -> p.htm().equals("POST")));
        assertEquals(as.dpopProofs().size(), new HashSet<>(as.dpopProofs().stream().map(DpopProof::jti).toList()).size(),
                "every jti is new");
        assertTrue(mcp.authorizationHeaders().stream().filter(h -> h != null)
                .allMatch(h -> h.startsWith("DPoP ")), "never the Bearer scheme");
    }

    @Test
    void nonceChallengesAreAnsweredOnceAndTheLatestNonceIsKept() throws Exception {
        String id = start(true, Map.of());
        assertEquals(1, as.tokenEndpointNonceChallenges(), "the code exchange, once");
        assertEquals(1, as.resourceNonceChallenges(), "the first MCP request, once");

        harness.manager(OWNER).callTool(id, "echo", Map.of("text", "x"));
        assertEquals(1, as.resourceNonceChallenges(), "later requests carry the kept nonce");
        assertTrue(proofs("resource").stream().allMatch(p -> p.nonce() != null));

        as.rotateDpopNonces();
        harness.manager(OWNER).callTool(id, "echo", Map.of("text", "y"));
        assertEquals(2, as.resourceNonceChallenges(), "a new nonce is asked for once, then used");

        as.revokeAccessTokens(); // the next call is refused, refreshed, and replayed
        harness.manager(OWNER).callTool(id, "echo", Map.of("text", "z"));
        assertEquals(2, as.tokenRequestCount("authorization_code") + as.tokenRequestCount("refresh_token")
                - as.tokenEndpointNonceChallenges(), "one code exchange and one refresh got tokens");
        assertEquals(2, as.tokenEndpointNonceChallenges(), "the rotated AS nonce was asked for once");
    }

    @Test
    void aRefreshProvesTheSameKeyAndKeepsIt() throws Exception {
        String id = start(false, Map.of());
        TokenSet before = stored(id);
        as.revokeAccessTokens();

        harness.manager(OWNER).callTool(id, "echo", Map.of("text", "after refresh"));

        TokenSet after = stored(id);
        assertNotEquals(before.accessToken(), after.accessToken());
        assertEquals(before.dpopKey(), after.dpopKey());
        assertEquals("DPoP", after.tokenType());
        assertEquals(1, as.tokenRequestCount("refresh_token"));
        List<DpopProof> tokenProofs = proofs("token");
        assertEquals(2, tokenProofs.size());
        assertEquals(tokenProofs.get(0).jkt(), tokenProofs.get(1).jkt());
    }

    @Test
    void aTokenTakenFromTheStoreIsRefusedWithoutItsKey() throws Exception {
        String id = start(false, Map.of());
        String token = stored(id).accessToken();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertEquals(401, post(http, Map.of("Authorization", "Bearer " + token)), "as a bearer token");
        assertEquals(401, post(http, Map.of("Authorization", "DPoP " + token)), "without a proof");
        ECKey thief = new ECKeyGenerator(Curve.P_256).generate();
        String foreignProof = new DefaultDPoPProofFactory(thief, com.nimbusds.jose.JWSAlgorithm.ES256)
                .createDPoPJWT("POST", URI.create(mcp.url()), new DPoPAccessToken(token)).serialize();
        assertEquals(401, post(http, Map.of("Authorization", "DPoP " + token, "DPoP", foreignProof)),
                "with a proof of another key");
        harness.manager(OWNER).callTool(id, "echo", Map.of("text", "the owner still can"));
    }

    @Test
    void theKeySurvivesARestartThroughTheStore() throws Exception {
        String id = start(false, Map.of());
        TokenSet before = stored(id);
        harness.close();
        harness = new ClientHarness(Map.of(), Clock.systemUTC(), store);

        harness.manager(OWNER).callTool(id, "echo", Map.of("text", "after restart"));

        assertEquals(1, as.authorizationRequests().size(), "no new authorization");
        assertEquals(before, stored(id));
        String jkt = JWK.parse(before.dpopKey()).computeThumbprint().toString();
        List<DpopProof> resource = proofs("resource");
        assertEquals(jkt, resource.get(resource.size() - 1).jkt());
    }

    @Test
    void turnedOffTheTokensAreBearerTokens() throws Exception {
        String id = start(false, Map.of("mcp.oauth.dpop", "false"));
        harness.manager(OWNER).callTool(id, "echo", Map.of("text", "plain"));
        assertBearer(id);
    }

    @Test
    void turnedOffAnAuthorizationServerThatRequiresDpopEndsTheFlowWithItsReason() throws Exception {
        as = TestAuthorizationServer.builder().dpopRequired(false).start();
        mcp = TestMcpServer.builder().protectedBy(as).start();
        harness = new ClientHarness(Map.of("mcp.oauth.dpop", "false"), Clock.systemUTC(), store);
        AddServerResult added = harness.manager(OWNER).addMcpServer("secure", mcp.url());

        Map<String, String> callback = browser.authorize(added.authUrl());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> harness.service.completeAuthorization(OWNER, callback).get(20, TimeUnit.SECONDS));

        assertEquals("The token request to 127.0.0.1 failed: invalid_dpop_proof: this client must send a DPoP proof",
                e.getCause().getMessage());
        assertTrue(store.tokens().find(OWNER, added.id()).isEmpty());
        assertTrue(as.dpopProofs().isEmpty());
    }

    private void assertBearer(String id) {
        TokenSet tokens = stored(id);
        assertEquals("Bearer", tokens.tokenType());
        assertNull(tokens.dpopKey());
        assertTrue(as.dpopProofs().isEmpty());
        assertTrue(mcp.authorizationHeaders().stream().filter(h -> h != null).allMatch(h -> h.startsWith("Bearer ")));
    }

    private void assertDpopBound(String id) throws Exception {
        TokenSet tokens = stored(id);
        assertTrue(tokens.dpopBound());
        assertEquals(JWK.parse(tokens.dpopKey()).computeThumbprint().toString(),
                as.verify(tokens.accessToken()).orElseThrow().jkt());
        assertTrue(mcp.authorizationHeaders().stream().filter(h -> h != null && h.startsWith("DPoP ")).count() >= 2);
        assertTrue(mcp.authorizationHeaders().stream().filter(h -> h != null).noneMatch(h -> h.startsWith("Bearer ")));
    }

    @Test
    void aBearerOnlyServerBehindAnAuthorizationServerOfferingDpopGetsBearerTokens() throws Exception {
        String id = start(false, Map.of(), TestMcpServer.DpopSupport.BEARER_ONLY);
        McpSchema.CallToolResult echoed = harness.manager(OWNER).callTool(id, "echo", Map.of("text", "bearer only"));
        assertEquals("bearer only", ((McpSchema.TextContent) echoed.content().get(0)).text());
        assertBearer(id);
    }

    @Test
    void aServerWhoseMetadataListsDpopGetsBoundTokensAndItsNoncesAreAnswered() throws Exception {
        String id = start(true, Map.of(), TestMcpServer.DpopSupport.METADATA);
        harness.manager(OWNER).callTool(id, "echo", Map.of("text", "bound"));
        assertDpopBound(id);
        assertEquals(1, as.resourceNonceChallenges());
    }

    @Test
    void alwaysBindsTheTokensOfAServerThatSaysNothingOfDpop() throws Exception {
        String id = start(false, Map.of("mcp.oauth.dpop", "always"), TestMcpServer.DpopSupport.SILENT);
        harness.manager(OWNER).callTool(id, "echo", Map.of("text", "bound anyway"));
        assertDpopBound(id);
    }

    @Test
    void neverGivesBearerTokensEvenToAServerWhoseMetadataListsDpop() throws Exception {
        String id = start(false, Map.of("mcp.oauth.dpop", "never"), TestMcpServer.DpopSupport.METADATA);
        harness.manager(OWNER).callTool(id, "echo", Map.of("text", "plain"));
        assertBearer(id);
    }

    private int post(HttpClient http, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mcp.url())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String sha256(String value) throws Exception {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
    }
}
