package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.InMemoryMcpStore;
import io.github.mcpoauth.testsupport.KnownClient;
import io.github.mcpoauth.testsupport.RecordedTokenRequest;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestClock;
import io.github.mcpoauth.testsupport.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers owned by the application itself ({@code mcp.oauth.app-owners}) become ready with no user:
 * client credentials with {@code client_secret_basic} or {@code private_key_jwt}, or a workload
 * identity assertion (JWT bearer), each only at the issuer it is bound to; tokens are reused until
 * due and then granted again, since these grants bring no refresh token.
 */
class AppLevelServerTest {

    private static final String APP = "app";
    private static final String CLIENT_CREDENTIALS = "client_credentials";
    private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final TestClock clock = TestClock.startingNow();
    private TestAuthorizationServer as;
    private TestMcpServer mcp;
    private ClientHarness harness;
    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        as = TestAuthorizationServer.builder().clock(clock).accessTokenLifetime(Duration.ofMinutes(10))
                .dynamicRegistration(false).start();
        mcp = TestMcpServer.builder().protectedBy(as).start();
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        mcp.close();
        as.close();
    }

    private ClientHarness harness(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("mcp.oauth.app-owners", APP);
        harness = new ClientHarness(all, clock);
        return harness;
    }

    private Map<String, String> basicClient() {
        as.registerClient("app-client", "app-secret", KnownClient.CLIENT_SECRET_BASIC, List.of());
        return Map.of("mcp.oauth.client-id", "app-client", "mcp.oauth.client-secret", "app-secret",
                "mcp.oauth.client-issuers", as.issuer());
    }

    private String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Test
    void clientSecretBasicMakesTheAppsServerReadyWithNoUser() throws Exception {
        McpClientManager manager = harness(basicClient()).manager(APP);

        AddServerResult added = manager.addMcpServer("tools", mcp.url());

        assertEquals(ConnectionState.READY, added.state());
        assertNull(added.authUrl());
        assertTrue(as.authorizationRequests().isEmpty());
        RecordedTokenRequest grant = as.lastTokenRequest().orElseThrow();
        assertEquals(CLIENT_CREDENTIALS, grant.grantType());
        assertTrue(grant.authorizationHeader().startsWith("Basic "), grant.authorizationHeader());
        assertFalse(grant.param("client_secret").isPresent());
        assertEquals(mcp.url(), grant.param("resource").orElseThrow());
        assertEquals("hi", text(manager.callTool(added.id(), "echo", Map.of("text", "hi"))));
    }

    @Test
    void privateKeyJwtSignsAnAssertionForTheIssuer() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("app-key").generate();
        as.registerKeyClient("app-jwt-client", key.toPublicJWK());
        McpClientManager manager = harness(Map.of("mcp.oauth.client-id", "app-jwt-client",
                "mcp.oauth.client-auth-method", "private_key_jwt", "mcp.oauth.client-jwk", key.toJSONString(),
                "mcp.oauth.client-issuers", as.issuer())).manager(APP);

        AddServerResult added = manager.addMcpServer("tools", mcp.url());

        assertEquals(ConnectionState.READY, added.state(), () -> manager.getServer(added.id()).error());
        RecordedTokenRequest grant = as.lastTokenRequest().orElseThrow();
        assertEquals(CLIENT_CREDENTIALS, grant.grantType());
        assertNull(grant.authorizationHeader());
        assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                grant.param("client_assertion_type").orElseThrow());
        JWTClaimsSet claims = SignedJWT.parse(grant.param("client_assertion").orElseThrow()).getJWTClaimsSet();
        assertEquals(List.of(as.issuer()), claims.getAudience());
        assertEquals("app-jwt-client", claims.getSubject());
    }

    @Test
    void theTokenIsReusedUntilDueThenGrantedAgain() throws Exception {
        McpClientManager manager = harness(basicClient()).manager(APP);
        String id = manager.addMcpServer("tools", mcp.url()).id();
        manager.callTool(id, "echo", Map.of("text", "a"));
        manager.callTool(id, "echo", Map.of("text", "b"));
        assertEquals(1, as.tokenRequestCount(CLIENT_CREDENTIALS));

        clock.advance(Duration.ofMinutes(9).plusSeconds(30)); // within the 60 s refresh skew of expiry
        assertEquals("c", text(manager.callTool(id, "echo", Map.of("text", "c"))));
        assertEquals(2, as.tokenRequestCount(CLIENT_CREDENTIALS));
        assertEquals(0, as.tokenRequestCount("refresh_token"));

        clock.advance(Duration.ofMinutes(11)); // past expiry
        assertEquals("d", text(manager.callTool(id, "echo", Map.of("text", "d"))));
        assertEquals(3, as.tokenRequestCount(CLIENT_CREDENTIALS));
        assertEquals("ready", manager.getServer(id).state());
    }

    @Test
    void aTokenTheServerRejectsIsReplacedByANewGrantAndTheCallGoesThrough() throws Exception {
        McpClientManager manager = harness(basicClient()).manager(APP);
        String id = manager.addMcpServer("tools", mcp.url()).id();

        as.revokeAccessTokens(); // the MCP server now answers 401 invalid_token to the stored token

        assertEquals("after", text(manager.callTool(id, "echo", Map.of("text", "after"))));
        assertEquals(2, as.tokenRequestCount(CLIENT_CREDENTIALS));
        assertEquals("ready", manager.getServer(id).state());
    }

    @Test
    void aRefusedGrantFailsTheServerWithoutTheUpstreamBody() throws Exception {
        McpClientManager manager = harness(basicClient()).manager(APP);
        as.failNextToken(TestAuthorizationServer.Failure.SERVER_ERROR_500);

        AddServerResult added = manager.addMcpServer("tools", mcp.url());

        assertEquals(ConnectionState.FAILED, added.state());
        String error = manager.getServer(added.id()).error();
        assertTrue(error.contains("HTTP 500"), error);
        assertFalse(error.contains("Internal Server Error"), error);
        assertEquals(1, as.tokenRequests().size()); // refused: not retried
    }

    @Test
    void aWrongSecretIsReportedAsTheASsErrorCode() throws Exception {
        as.registerClient("app-client", "the-real-secret", KnownClient.CLIENT_SECRET_BASIC, List.of());
        McpClientManager manager = harness(Map.of("mcp.oauth.client-id", "app-client",
                "mcp.oauth.client-secret", "a-wrong-secret", "mcp.oauth.client-issuers", as.issuer())).manager(APP);

        AddServerResult added = manager.addMcpServer("tools", mcp.url());

        assertEquals(ConnectionState.FAILED, added.state());
        String error = manager.getServer(added.id()).error();
        assertTrue(error.contains("invalid_client"), error);
        assertFalse(error.contains("a-wrong-secret"), error);
    }

    @Test
    void theAppsCredentialsAndAssertionsGoOnlyToTheIssuerTheyAreBoundTo() throws Exception {
        try (TestAuthorizationServer other = TestAuthorizationServer.builder().start();
                TestMcpServer elsewhere = TestMcpServer.builder().protectedBy(other).start()) {
            Map<String, String> settings = new HashMap<>(basicClient());
            settings.put("mcp.oauth.workload-tokens", as.issuer() + "=" + dir.resolve("token"));
            McpClientManager manager = harness(settings).manager(APP);

            AddServerResult added = manager.addMcpServer("elsewhere", elsewhere.url());

            assertEquals(ConnectionState.FAILED, added.state());
            String error = manager.getServer(added.id()).error();
            assertTrue(error.contains("no credentials for the authorization server " + other.issuer()), error);
            assertTrue(other.tokenRequests().isEmpty());
            assertTrue(other.authorizationRequests().isEmpty());
        }
    }

    @Test
    void aBrowserUsersServerNeverGetsTheAppsGrant() throws Exception {
        McpClientManager alice = harness(basicClient()).manager("alice");

        AddServerResult added = alice.addMcpServer("tools", mcp.url());

        // the pre-registered client is used for alice's own authorization, with her in the browser
        assertEquals(ConnectionState.AUTHENTICATING, added.state());
        assertTrue(added.authUrl().contains("client_id=app-client"), added.authUrl());
        assertEquals(0, as.tokenRequestCount(CLIENT_CREDENTIALS));
    }

    @Test
    void aWorkloadTokenFileIsReadAfreshForEachJwtBearerGrant() throws Exception {
        ECKey workload = new ECKeyGenerator(Curve.P_256).generate();
        as.trustWorkloadKey(workload.toPublicJWK());
        Path token = dir.resolve("token");
        String first = workloadJwt(workload, "first");
        Files.writeString(token, first + "\n");
        McpClientManager manager = harness(Map.of("mcp.oauth.workload-tokens", as.issuer() + "=" + token))
                .manager(APP);

        AddServerResult added = manager.addMcpServer("tools", mcp.url());

        assertEquals(ConnectionState.READY, added.state(), () -> manager.getServer(added.id()).error());
        RecordedTokenRequest grant = as.lastTokenRequest().orElseThrow();
        assertEquals(JWT_BEARER, grant.grantType());
        assertEquals(first, grant.param("assertion").orElseThrow());
        assertFalse(grant.param("client_id").isPresent());
        assertNull(grant.authorizationHeader());

        String rotated = workloadJwt(workload, "rotated");
        Files.writeString(token, rotated);
        clock.advance(Duration.ofMinutes(11));
        assertEquals("x", text(manager.callTool(added.id(), "echo", Map.of("text", "x"))));
        assertEquals(rotated, as.lastTokenRequest().orElseThrow().param("assertion").orElseThrow());
        assertEquals(2, as.tokenRequestCount(JWT_BEARER));
    }

    @Test
    void anUnreadableWorkloadTokenFailsTheServerNamingTheFileNotTheToken() throws Exception {
        Path token = dir.resolve("missing-token");
        McpClientManager manager = harness(Map.of("mcp.oauth.workload-tokens", as.issuer() + "=" + token))
                .manager(APP);

        AddServerResult added = manager.addMcpServer("tools", mcp.url());

        assertEquals(ConnectionState.FAILED, added.state());
        String error = manager.getServer(added.id()).error();
        assertTrue(error.contains("workload token file"), error);
        assertTrue(as.tokenRequests().isEmpty());
    }

    @Test
    void aSupplierTheAppRegistersGivesTheAssertionAndTheConfiguredClientAuthenticates() throws Exception {
        ECKey workload = new ECKeyGenerator(Curve.P_256).generate();
        as.trustWorkloadKey(workload.toPublicJWK());
        as.registerClient("workload-client", "workload-secret", KnownClient.CLIENT_SECRET_BASIC, List.of());
        String assertion = workloadJwt(workload, "supplied");
        Map<String, String> settings = Map.of("mcp.oauth.app-owners", APP, "mcp.oauth.allow-loopback", "true",
                "mcp.oauth.client-id", "workload-client", "mcp.oauth.client-secret", "workload-secret",
                "mcp.oauth.client-issuers", as.issuer());
        try (McpClientService service = McpClientService.builder().config(McpOAuthConfig.fromMap(settings))
                .store(new InMemoryMcpStore()).clock(clock).workloadTokenSupplier(as.issuer(), () -> assertion)
                .build()) {
            AddServerResult added = service.manager(APP).addMcpServer("tools", mcp.url());

            assertEquals(ConnectionState.READY, added.state());
            RecordedTokenRequest grant = as.lastTokenRequest().orElseThrow();
            assertEquals(JWT_BEARER, grant.grantType());
            assertEquals(assertion, grant.param("assertion").orElseThrow());
            assertTrue(grant.authorizationHeader().startsWith("Basic "), grant.authorizationHeader());
        }
    }

    @Test
    void aRefusedAssertionIsReportedOnceAndNotRetriedWithAnotherGrant() throws Exception {
        ECKey workload = new ECKeyGenerator(Curve.P_256).generate();
        as.trustWorkloadKey(workload.toPublicJWK());
        Path token = dir.resolve("token");
        Files.writeString(token, workloadJwt(workload, "expired", clock.instant().minusSeconds(60)));
        McpClientManager manager = harness(Map.of("mcp.oauth.workload-tokens", as.issuer() + "=" + token))
                .manager(APP);

        AddServerResult added = manager.addMcpServer("tools", mcp.url());

        assertEquals(ConnectionState.FAILED, added.state());
        String error = manager.getServer(added.id()).error();
        assertTrue(error.contains("invalid_grant"), error);
        assertEquals(1, as.tokenRequests().size());
        assertEquals(JWT_BEARER, as.tokenRequests().get(0).grantType());
    }

    private String workloadJwt(ECKey key, String id) throws Exception {
        return workloadJwt(key, id, clock.instant().plus(Duration.ofHours(1)));
    }

    private String workloadJwt(ECKey key, String id, java.time.Instant expiry) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://idp.example").subject("workload-" + id)
                .audience(as.issuer()).expirationTime(Date.from(expiry))
                .jwtID(id).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
