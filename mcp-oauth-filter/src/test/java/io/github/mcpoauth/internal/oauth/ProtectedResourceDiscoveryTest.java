package io.github.mcpoauth.internal.oauth;

import static io.github.mcpoauth.internal.oauth.Fixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.store.PendingAuthorization;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 9728 discovery: candidate order, the resource match, and the resource indicator sent. */
class ProtectedResourceDiscoveryTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private List<String> prmRequests() {
        return f.stub.paths().stream().filter(p -> p.startsWith(WellKnownUrls.PROTECTED_RESOURCE)
                || p.startsWith("/custom")).toList();
    }

    @Test
    void theChallengesResourceMetadataUrlIsTriedFirst() {
        f.stub.on("/custom/prm", r -> StubServer.json(200, f.prm));
        URI custom = f.stub.url("/custom/prm");
        PendingAuthorization pending = f.begin(new BearerChallenge(401, "invalid_token", null, custom));
        assertEquals(List.of("/custom/prm"), prmRequests());
        assertEquals(f.stub.origin() + "/mcp", pending.resource());
    }

    @Test
    void aMissingChallengeUrlFallsBackToThePathBasedThenTheRootUrl() {
        f.stub.on(WellKnownUrls.PROTECTED_RESOURCE + "/mcp", r -> StubServer.text(404, "text/plain", "no"));
        f.stub.onJson(WellKnownUrls.PROTECTED_RESOURCE, f.prm);
        f.begin(new BearerChallenge(401, null, null, f.stub.url("/custom/missing")));
        assertEquals(List.of("/custom/missing", WellKnownUrls.PROTECTED_RESOURCE + "/mcp", WellKnownUrls.PROTECTED_RESOURCE),
                prmRequests());
    }

    @Test
    void withoutAChallengeThePathBasedUrlComesFirstAndWins() {
        f.begin();
        assertEquals(List.of(WellKnownUrls.PROTECTED_RESOURCE + "/mcp"), prmRequests());
    }

    @Test
    void aServerAtTheRootOnlyTriesTheRootUrl() {
        f.prm.put("resource", f.stub.origin() + "/");
        f.stub.onJson(WellKnownUrls.PROTECTED_RESOURCE, f.prm);
        AuthorizationTarget root = new AuthorizationTarget(Fixture.OWNER, "root", f.stub.url("/"), f.redirectUri(), Optional.empty());
        PendingAuthorization pending = Fixture.await(f.manager().beginAuthorization(root, BearerChallenge.none(), 1));
        assertEquals(List.of(WellKnownUrls.PROTECTED_RESOURCE), prmRequests());
        assertEquals(f.stub.origin() + "/", pending.resource());
    }

    @Test
    void nonJsonAnswersCountAsNotFound() {
        f.stub.on(WellKnownUrls.PROTECTED_RESOURCE + "/mcp", r -> StubServer.text(200, "text/html", "<html>login</html>"));
        f.stub.onJson(WellKnownUrls.PROTECTED_RESOURCE, f.prm);
        f.begin();
        assertEquals(List.of(WellKnownUrls.PROTECTED_RESOURCE + "/mcp", WellKnownUrls.PROTECTED_RESOURCE), prmRequests());
    }

    @Test
    void aResourceForAnotherServerStopsTheFlow() {
        f.prm.put("resource", "https://evil.example/mcp");
        McpOAuthException e = failure(f.manager().beginAuthorization(f.target(), BearerChallenge.none(), 1),
                McpOAuthException.Code.UPSTREAM);
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        assertTrue(f.stub.requestsTo("/as/register").isEmpty());
        assertTrue(f.store.pendingAuthorizations().latest(Fixture.OWNER, Fixture.SERVER).isEmpty());
    }

    @Test
    void aResourceOnAnotherPathStopsTheFlow() {
        f.prm.put("resource", f.stub.origin() + "/mc");
        McpOAuthException e = failure(f.manager().beginAuthorization(f.target(), BearerChallenge.none(), 1),
                McpOAuthException.Code.UPSTREAM);
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void thePrmResourceIsTheResourceIndicatorEvenWhenItIsAPrefix() {
        f.prm.put("resource", f.stub.origin().toUpperCase().replace("HTTP://", "http://") + "/");
        PendingAuthorization pending = f.begin();
        assertEquals(f.prm.get("resource"), pending.resource());
        assertEquals(f.prm.get("resource"), Fixture.query(pending.authUrl()).get("resource"));
    }

    @Test
    void resourceMatchingComparesOriginsAndPathBoundaries() {
        URI server = URI.create("https://MCP.example:443/api/mcp");
        assertTrue(WellKnownUrls.resourceMatches(URI.create("https://mcp.example/api/mcp"), server));
        assertTrue(WellKnownUrls.resourceMatches(URI.create("https://mcp.example/api/mcp/"), server));
        assertTrue(WellKnownUrls.resourceMatches(URI.create("https://mcp.example/api"), server));
        assertTrue(WellKnownUrls.resourceMatches(URI.create("https://mcp.example"), server));
        assertTrue(WellKnownUrls.resourceMatches(URI.create("https://mcp.example/"), server));
        assertFalse(WellKnownUrls.resourceMatches(URI.create("https://mcp.example/ap"), server));
        assertFalse(WellKnownUrls.resourceMatches(URI.create("https://mcp.example/api/mcp/v2"), server));
        assertFalse(WellKnownUrls.resourceMatches(URI.create("http://mcp.example/api/mcp"), server));
        assertFalse(WellKnownUrls.resourceMatches(URI.create("https://mcp.example:8443/api/mcp"), server));
        assertFalse(WellKnownUrls.resourceMatches(URI.create("https://other.example/api/mcp"), server));
    }

    @Test
    void discoveryIsCachedPerServerUntilForgotten() {
        f.begin();
        f.begin();
        assertEquals(1, prmRequests().size());
        f.manager().forget(Fixture.OWNER, Fixture.SERVER);
        f.begin();
        assertEquals(2, prmRequests().size());
        f.clock.advance(Discoverer.CACHE_TTL);
        f.begin();
        assertEquals(3, prmRequests().size());
    }

    @Test
    void otherOwnersOfTheSameServerShareTheDiscoveryButNotAnotherServersOrAnotherMetadataUrls() {
        f.begin();
        AuthorizationTarget bob = new AuthorizationTarget("bob", "s9", f.serverUrl(), f.redirectUri(), Optional.empty());
        PendingAuthorization bobs = Fixture.await(f.manager().beginAuthorization(bob, BearerChallenge.none(), 1));
        assertEquals(1, prmRequests().size());
        assertEquals(1, asRequests());
        assertEquals("bob", bobs.owner());
        assertEquals(f.stub.origin() + "/mcp", bobs.resource());

        f.stub.on("/custom/prm", r -> StubServer.json(200, f.prm));
        Fixture.await(f.manager().beginAuthorization(bob,
                new BearerChallenge(401, "invalid_token", null, f.stub.url("/custom/prm")), 1));
        assertEquals(2, prmRequests().size());
        f.stub.onJson(WellKnownUrls.PROTECTED_RESOURCE + "/other", Map.of("resource", f.stub.origin() + "/other",
                "authorization_servers", f.prm.get("authorization_servers")));
        Fixture.await(f.manager().beginAuthorization(new AuthorizationTarget("bob", "s10", f.stub.url("/other"),
                f.redirectUri(), Optional.empty()), BearerChallenge.none(), 1));
        assertEquals(3, prmRequests().size());
    }

    private long asRequests() {
        return f.stub.paths().stream().filter(p -> p.startsWith(WellKnownUrls.AUTHORIZATION_SERVER)).count();
    }

    @Test
    void metadataThatNamesNoAuthorizationServerStopsTheFlow() {
        f.prm.remove("authorization_servers");
        McpOAuthException e = failure(f.manager().beginAuthorization(f.target(), BearerChallenge.none(), 1),
                McpOAuthException.Code.UPSTREAM);
        assertTrue(e.getMessage().contains("names no authorization server"), e.getMessage());
    }

    @Test
    void theFirstListedAuthorizationServerIsUsed() {
        f.prm.put("authorization_servers", List.of(f.issuer(), "https://second.example"));
        PendingAuthorization pending = f.begin();
        assertEquals(f.issuer(), pending.issuer());
        assertTrue(pending.authUrl().startsWith(f.stub.origin() + "/as/authorize?"), pending.authUrl());
    }
}
