package io.github.mcpoauth.internal.oauth;

import static io.github.mcpoauth.internal.oauth.Fixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.PendingAuthorization;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 8414 discovery order and issuer check, and the 2025-03-26 fallbacks. */
class AuthServerDiscoveryTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private List<String> metadataRequests() {
        return f.stub.paths().stream().filter(p -> p.contains("/.well-known/") && !p.contains("oauth-protected-resource"))
                .toList();
    }

    private void notFound(String path) {
        f.stub.on(path, r -> StubServer.text(404, "text/plain", "nope"));
    }

    @Test
    void anIssuerWithAPathTriesTheThreeUrlsInOrder() {
        notFound(WellKnownUrls.AUTHORIZATION_SERVER + "/as");
        f.stub.onJson("/as" + WellKnownUrls.OPENID_CONFIGURATION, f.asMetadata);
        f.begin();
        assertEquals(List.of(WellKnownUrls.AUTHORIZATION_SERVER + "/as", WellKnownUrls.OPENID_CONFIGURATION + "/as",
                "/as" + WellKnownUrls.OPENID_CONFIGURATION), metadataRequests());
    }

    @Test
    void theOidcPathInsertedUrlIsUsedWhenTheOauthOneIsMissing() {
        notFound(WellKnownUrls.AUTHORIZATION_SERVER + "/as");
        f.stub.onJson(WellKnownUrls.OPENID_CONFIGURATION + "/as", f.asMetadata);
        f.begin();
        assertEquals(List.of(WellKnownUrls.AUTHORIZATION_SERVER + "/as", WellKnownUrls.OPENID_CONFIGURATION + "/as"),
                metadataRequests());
    }

    @Test
    void anIssuerWithoutAPathTriesTheTwoRootUrls() {
        f.prm.put("authorization_servers", List.of(f.stub.origin()));
        f.asMetadata.put("issuer", f.stub.origin());
        f.stub.onJson(WellKnownUrls.OPENID_CONFIGURATION, f.asMetadata);
        PendingAuthorization pending = f.begin();
        assertEquals(List.of(WellKnownUrls.AUTHORIZATION_SERVER, WellKnownUrls.OPENID_CONFIGURATION), metadataRequests());
        assertEquals(f.stub.origin(), pending.issuer());
    }

    @Test
    void noMetadataForADeclaredIssuerStopsTheFlow() {
        notFound(WellKnownUrls.AUTHORIZATION_SERVER + "/as");
        McpOAuthException e = failure(f.manager().beginAuthorization(f.target(), BearerChallenge.none(), 1),
                McpOAuthException.Code.UPSTREAM);
        assertTrue(e.getMessage().contains("No authorization server metadata"), e.getMessage());
        assertEquals(3, metadataRequests().size());
    }

    @Test
    void anIssuerMismatchStopsTheFlow() {
        f.asMetadata.put("issuer", "https://attacker.example/as");
        McpOAuthException e = failure(f.manager().beginAuthorization(f.target(), BearerChallenge.none(), 1),
                McpOAuthException.Code.UPSTREAM);
        assertTrue(e.getMessage().contains("declares issuer https://attacker.example/as"), e.getMessage());
        assertTrue(f.stub.requestsTo("/as/register").isEmpty());
    }

    @Test
    void oneTrailingSlashIsForgivenButNothingElse() {
        assertTrue(AuthServerDiscovery.issuerMatches(URI.create("https://a.example/t1"), "https://a.example/t1/", false));
        assertTrue(AuthServerDiscovery.issuerMatches(URI.create("https://a.example/t1/"), "https://a.example/t1", false));
        assertFalse(AuthServerDiscovery.issuerMatches(URI.create("https://a.example/t1"), "https://a.example/t2", false));
        assertFalse(AuthServerDiscovery.issuerMatches(URI.create("https://a.example/t1"), "https://A.example/t1", false));
        assertFalse(AuthServerDiscovery.issuerMatches(URI.create("https://a.example"), "https://a.example:443", false));
        assertTrue(AuthServerDiscovery.issuerMatches(URI.create("https://a.example"), "https://A.example:443/", true));
        assertFalse(AuthServerDiscovery.issuerMatches(URI.create("https://a.example"), "https://b.example", true));
        assertTrue(AuthServerDiscovery.issuerMatches(URI.create("https://a.example"), "https://a.example/t1", true));
        assertFalse(AuthServerDiscovery.issuerMatches(URI.create("https://a.example"), "https://a.example/t1", false));
    }

    @Test
    void wellKnownUrlsForTheSpecExample() {
        assertEquals(List.of(URI.create("https://a.example/.well-known/oauth-authorization-server/t1"),
                URI.create("https://a.example/.well-known/openid-configuration/t1"),
                URI.create("https://a.example/t1/.well-known/openid-configuration")),
                WellKnownUrls.authorizationServerCandidates(URI.create("https://a.example/t1")));
        assertEquals(List.of(URI.create("https://a.example/.well-known/oauth-authorization-server"),
                URI.create("https://a.example/.well-known/openid-configuration")),
                WellKnownUrls.authorizationServerCandidates(URI.create("https://a.example/")));
    }

    @Test
    void withoutResourceMetadataTheServersOriginIsTheAuthorizationServer() {
        notFound(WellKnownUrls.PROTECTED_RESOURCE + "/mcp");
        f.asMetadata.put("issuer", f.stub.origin() + "/");
        f.asMetadata.put("authorization_endpoint", f.stub.origin() + "/oauth/authorize");
        f.stub.onJson(WellKnownUrls.AUTHORIZATION_SERVER, f.asMetadata);
        PendingAuthorization pending = f.begin();
        assertEquals(List.of(WellKnownUrls.PROTECTED_RESOURCE + "/mcp", WellKnownUrls.PROTECTED_RESOURCE,
                WellKnownUrls.AUTHORIZATION_SERVER), f.stub.paths().subList(0, 3));
        assertTrue(pending.authUrl().startsWith(f.stub.origin() + "/oauth/authorize?"));
        assertEquals(f.stub.origin() + "/mcp", pending.resource());
        assertEquals(f.stub.origin() + "/", pending.issuer());
    }

    @Test
    void withoutResourceMetadataAnIssuerWithAPathOnTheSameOriginIsAccepted() {
        notFound(WellKnownUrls.PROTECTED_RESOURCE + "/mcp");
        f.asMetadata.put("issuer", f.stub.origin() + "/oauth");
        f.asMetadata.put("authorization_endpoint", f.stub.origin() + "/oauth/authorize");
        f.stub.onJson(WellKnownUrls.AUTHORIZATION_SERVER, f.asMetadata);
        PendingAuthorization pending = f.begin();
        assertTrue(pending.authUrl().startsWith(f.stub.origin() + "/oauth/authorize?"));
    }

    @Test
    void withoutResourceMetadataAForeignIssuerStillStopsTheFlow() {
        notFound(WellKnownUrls.PROTECTED_RESOURCE + "/mcp");
        f.asMetadata.put("issuer", "https://elsewhere.example");
        f.stub.onJson(WellKnownUrls.AUTHORIZATION_SERVER, f.asMetadata);
        failure(f.manager().beginAuthorization(f.target(), BearerChallenge.none(), 1), McpOAuthException.Code.UPSTREAM);
    }

    @Test
    void withoutAnyMetadataTheDefaultEndpointsAreUsed() {
        notFound(WellKnownUrls.PROTECTED_RESOURCE + "/mcp");
        f.stub.on("/register", r -> f.register(r));
        PendingAuthorization pending = f.begin();
        assertEquals(List.of(WellKnownUrls.PROTECTED_RESOURCE + "/mcp", WellKnownUrls.PROTECTED_RESOURCE,
                WellKnownUrls.AUTHORIZATION_SERVER, WellKnownUrls.OPENID_CONFIGURATION, "/register"), f.stub.paths());
        assertTrue(pending.authUrl().startsWith(f.stub.origin() + "/authorize?"), pending.authUrl());
        assertNull(pending.issuer(), "no iss check without metadata");
        ClientRegistration registration = f.store.registrations().find(Fixture.OWNER, Fixture.SERVER).orElseThrow();
        assertEquals(f.stub.origin() + "/token", registration.tokenEndpoint());
        assertEquals(f.stub.origin() + "/authorize", registration.authorizationEndpoint());
        assertEquals("dyn-client", registration.clientId());
    }

    @Test
    void metadataWithoutS256StopsTheFlow() {
        f.asMetadata.put("code_challenge_methods_supported", List.of("plain"));
        McpOAuthException e = failure(f.manager().beginAuthorization(f.target(), BearerChallenge.none(), 1),
                McpOAuthException.Code.UPSTREAM);
        assertTrue(e.getMessage().contains("PKCE"), e.getMessage());
    }

    @Test
    void metadataWithANonHttpAuthorizationEndpointStopsTheFlow() {
        f.asMetadata.put("authorization_endpoint", "javascript:alert(1)");
        McpOAuthException e = failure(f.manager().beginAuthorization(f.target(), BearerChallenge.none(), 1),
                McpOAuthException.Code.UPSTREAM);
        assertTrue(e.getMessage().contains("authorization_endpoint"), e.getMessage());
        assertTrue(f.store.pendingAuthorizations().latest(Fixture.OWNER, Fixture.SERVER).isEmpty());
    }

    @Test
    void metadataWithoutATokenEndpointStopsTheFlow() {
        f.asMetadata.remove("token_endpoint");
        failure(f.manager().beginAuthorization(f.target(), BearerChallenge.none(), 1), McpOAuthException.Code.UPSTREAM);
    }
}
