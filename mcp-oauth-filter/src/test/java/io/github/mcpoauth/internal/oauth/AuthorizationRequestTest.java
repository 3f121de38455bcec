package io.github.mcpoauth.internal.oauth;

import static io.github.mcpoauth.internal.oauth.Fixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.store.TokenSet;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The authorization URL and the pending authorization behind it. */
class AuthorizationRequestTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void theUrlCarriesEveryRequiredParameter() {
        PendingAuthorization pending = f.begin();
        Map<String, String> q = Fixture.query(pending.authUrl());
        assertTrue(pending.authUrl().startsWith(f.stub.origin() + "/as/authorize?"));
        assertEquals("code", q.get("response_type"));
        assertEquals("dyn-client", q.get("client_id"));
        assertEquals(f.redirectUri().toString(), q.get("redirect_uri"));
        assertEquals(pending.state(), q.get("state"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(f.stub.origin() + "/mcp", q.get("resource"));
    }

    @Test
    void thePkceChallengeIsTheS256OfThePendingVerifier() {
        PendingAuthorization pending = f.begin();
        String challenge = Fixture.query(pending.authUrl()).get("code_challenge");
        assertEquals(CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(pending.codeVerifier())).getValue(),
                challenge);
        assertTrue(pending.codeVerifier().length() >= 43);
    }

    @Test
    void manyFlowsInFlightGetTheirOwnStateAndVerifier() {
        List<CompletableFuture<PendingAuthorization>> flows = IntStream.range(0, 50)
                .mapToObj(i -> f.manager().beginAuthorization(f.target(), BearerChallenge.none(), 1)).toList();
        Set<String> states = new HashSet<>();
        Set<String> verifiers = new HashSet<>();
        for (CompletableFuture<PendingAuthorization> flow : flows) {
            PendingAuthorization p = Fixture.await(flow);
            states.add(p.state());
            verifiers.add(p.codeVerifier());
            assertTrue(Base64.getUrlDecoder().decode(p.state()).length >= 16, "state has at least 128 bits");
        }
        assertEquals(50, states.size());
        assertEquals(50, verifiers.size());
        // each new flow retires the server's earlier ones; one of them is what the store keeps
        PendingAuthorization kept = f.store.pendingAuthorizations().latest(Fixture.OWNER, Fixture.SERVER).orElseThrow();
        assertTrue(states.contains(kept.state()));
    }

    @Test
    void thePendingAuthorizationIsSavedWithTheConfiguredTtlAndBoundToOwnerAndServer() {
        f.settings.put("mcp.oauth.authorization-ttl", "7m");
        PendingAuthorization pending = f.begin();
        assertEquals(Fixture.START, pending.createdAt());
        assertEquals(Fixture.START.plus(Duration.ofMinutes(7)), pending.expiresAt());
        assertEquals(Fixture.OWNER, pending.owner());
        assertEquals(Fixture.SERVER, pending.serverId());
        assertEquals(f.redirectUri().toString(), pending.redirectUri());
        assertEquals(f.issuer(), pending.issuer());
        assertEquals(1, pending.attempt());
        assertEquals(Optional.of(pending), f.store.pendingAuthorizations().find(pending.state()));
    }

    @Test
    void theChallengesScopeIsRequested() {
        PendingAuthorization pending = f.begin(new BearerChallenge(401, "invalid_token", "files:read", null));
        assertEquals("files:read", Fixture.query(pending.authUrl()).get("scope"));
        assertEquals("files:read", pending.scope());
    }

    @Test
    void withoutAChallengeScopeTheResourcesSupportedScopesAreRequested() {
        PendingAuthorization pending = f.begin();
        assertEquals("mcp:read mcp:write", Fixture.query(pending.authUrl()).get("scope"));
    }

    @Test
    void withNeitherTheScopeParameterIsOmitted() {
        f.prm.remove("scopes_supported");
        PendingAuthorization pending = f.begin();
        assertFalse(Fixture.query(pending.authUrl()).containsKey("scope"));
        assertNull(pending.scope());
    }

    @Test
    void aStepUpRequestsTheUnionOfTheChallengeAndTheGrantedScope() {
        f.store.tokens().save(Fixture.OWNER, Fixture.SERVER,
                new TokenSet("at", "rt", "Bearer", null, "mcp:read files:read", Fixture.START));
        BearerChallenge stepUp = new BearerChallenge(403, "insufficient_scope", "files:write files:read", null);
        PendingAuthorization pending = Fixture.await(f.manager().beginAuthorization(f.target(), stepUp, 2));
        assertEquals("files:write files:read mcp:read", Fixture.query(pending.authUrl()).get("scope"));
        assertEquals(2, pending.attempt());
    }

    @Test
    void stepUpGivesUpAfterThreeAttempts() {
        BearerChallenge stepUp = new BearerChallenge(403, "insufficient_scope", "admin", null);
        McpOAuthException e = failure(f.manager().beginAuthorization(f.target(), stepUp, 4), McpOAuthException.Code.FORBIDDEN);
        assertTrue(e.getMessage().contains("insufficient scope"), e.getMessage());
        assertTrue(f.store.pendingAuthorizations().latest(Fixture.OWNER, Fixture.SERVER).isEmpty());
    }

    @Test
    void scopeUnionKeepsOrderAndDropsDuplicates() {
        assertEquals("a b c", Scopes.union("a b", " b  c "));
        assertNull(Scopes.union(null, " "));
        assertEquals("x", Scopes.union(null, "x"));
    }

    @Test
    void aQueryAlreadyInTheAuthorizationEndpointIsPreserved() {
        f.asMetadata.put("authorization_endpoint", f.stub.origin() + "/as/authorize?tenant=t1&prompt=consent");
        PendingAuthorization pending = f.begin();
        Map<String, String> q = Fixture.query(pending.authUrl());
        assertEquals("t1", q.get("tenant"));
        assertEquals("consent", q.get("prompt"));
        assertEquals("dyn-client", q.get("client_id"));
        assertTrue(pending.authUrl().startsWith(f.stub.origin() + "/as/authorize?"));
    }

    @Test
    void redirectUrisMustBeHttpsOrLoopbackHttp() {
        for (String bad : new String[] {"http://app.example/callback", "ftp://localhost/cb", "https://app.example/cb#frag"}) {
            AuthorizationTarget target = new AuthorizationTarget(Fixture.OWNER, Fixture.SERVER, f.serverUrl(),
                    URI.create(bad), Optional.empty());
            failure(f.manager().beginAuthorization(target, BearerChallenge.none(), 1), McpOAuthException.Code.INVALID_REQUEST);
        }
        AuthorizationStarter.checkRedirectUri(URI.create("http://127.0.0.1:3000/cb"));
        AuthorizationStarter.checkRedirectUri(URI.create("http://[::1]/cb"));
        AuthorizationStarter.checkRedirectUri(URI.create("https://app.example/cb"));
        assertTrue(f.stub.requests().isEmpty());
    }
}
