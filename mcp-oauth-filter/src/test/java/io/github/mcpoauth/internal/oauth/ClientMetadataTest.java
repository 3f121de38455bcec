package io.github.mcpoauth.internal.oauth;

import static io.github.mcpoauth.internal.oauth.Fixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.store.TokenSet;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the registration says about this client and what it asks for: {@code application_type}
 * (SEP-837), the code and refresh token grants and {@code offline_access} only where the AS offers
 * it (SEP-2207), without counting on a refresh token coming back; and the Client ID Metadata
 * Document the module serves says the same.
 */
class ClientMetadataTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void theRegistrationListsTheCodeAndRefreshGrantsAndTheApplicationType() {
        f.begin();
        PendingAuthorization web = await(f.manager().beginAuthorization(new AuthorizationTarget("bob", Fixture.SERVER,
                f.serverUrl(), URI.create("https://app.example/ctx/mcp-client/callback"), Optional.empty()),
                BearerChallenge.none(), 1));

        List<StubServer.Request> registered = f.stub.requestsTo("/as/register");
        assertEquals(2, registered.size(), "another redirect URI is another registration");
        Map<String, Object> loopback = Fixture.jsonBody(registered.get(0));
        Map<String, Object> remote = Fixture.jsonBody(registered.get(1));
        assertEquals("native", loopback.get("application_type"), "a loopback http redirect is a local app");
        assertEquals("web", remote.get("application_type"));
        assertEquals("https://app.example/ctx/mcp-client/callback", ((List<?>) remote.get("redirect_uris")).get(0));
        for (Map<String, Object> body : List.of(loopback, remote)) {
            List<?> grants = (List<?>) body.get("grant_types");
            assertTrue(grants.contains("authorization_code") && grants.contains("refresh_token"), grants.toString());
            assertEquals(2, grants.size(), grants.toString());
        }
        assertTrue(web.authUrl().contains("redirect_uri=https%3A%2F%2Fapp.example"), web.authUrl());
    }

    @Test
    void theServedDocumentDescribesTheClientAsItsRegistrationDoes() throws Exception {
        f.settings.put("mcp.oauth.client-metadata-url", "auto");
        f.settings.put("mcp.oauth.callback-url", f.redirectUri().toString());
        f.asMetadata.put("token_endpoint_auth_methods_supported", List.of("none"));
        f.begin();
        Map<String, Object> registered = Fixture.jsonBody(f.stub.requestsTo("/as/register").get(0));
        Map<String, Object> document = new HashMap<>(JSONObjectUtils.parse(
                ClientMetadataDocument.servedJson(McpOAuthConfig.fromMap(f.settings)).orElseThrow()));

        assertEquals("http://localhost:8080/app/mcp-client/client-metadata.json", document.remove("client_id"));
        assertEquals(registered, document);
    }

    @Test
    void applicationTypeIsNativeOnlyForLoopbackHttp() {
        assertEquals("native", DynamicRegistration.applicationType(URI.create("http://localhost:8080/cb")));
        assertEquals("native", DynamicRegistration.applicationType(URI.create("http://127.0.0.1/cb")));
        assertEquals("native", DynamicRegistration.applicationType(URI.create("http://[::1]:9/cb")));
        assertEquals("web", DynamicRegistration.applicationType(URI.create("https://localhost/cb")));
        assertEquals("web", DynamicRegistration.applicationType(URI.create("https://app.example/cb")));
    }

    @Test
    void offlineAccessIsAddedToTheRequestedScopeWhenTheAuthorizationServerListsIt() {
        f.asMetadata.put("scopes_supported", List.of("mcp:read", "mcp:write", "offline_access"));

        PendingAuthorization pending = f.begin();

        assertEquals("mcp:read mcp:write offline_access", Fixture.query(pending.authUrl()).get("scope"));
        assertEquals("mcp:read mcp:write offline_access", pending.scope());
        PendingAuthorization challenged = f.begin(new BearerChallenge(401, null, "mcp:read", null));
        assertEquals("mcp:read offline_access", Fixture.query(challenged.authUrl()).get("scope"));
    }

    @Test
    void offlineAccessIsNotRequestedWhenTheAuthorizationServerDoesNotListIt() {
        f.asMetadata.put("scopes_supported", List.of("mcp:read", "mcp:write"));

        assertEquals("mcp:read mcp:write", Fixture.query(f.begin().authUrl()).get("scope"));
        f.asMetadata.remove("scopes_supported");
        f.manager().forget(Fixture.OWNER, Fixture.SERVER);
        assertEquals("mcp:read mcp:write", Fixture.query(f.begin().authUrl()).get("scope"));
    }

    @Test
    void offlineAccessAloneIsNeverTheWholeScope() {
        f.asMetadata.put("scopes_supported", List.of("offline_access"));
        f.prm.remove("scopes_supported");

        assertNull(Fixture.query(f.begin().authUrl()).get("scope"), "no scope leaves the choice to the AS");
    }

    @Test
    void offlineAccessDoesNotPromiseARefreshToken() {
        f.asMetadata.put("scopes_supported", List.of("mcp:read", "offline_access"));
        f.tokenHandler = r -> StubServer.json(200, Map.of("access_token", "at-only", "token_type", "Bearer",
                "expires_in", 60));

        TokenSet tokens = f.authorize();
        assertNull(tokens.refreshToken());
        f.clock.advance(Duration.ofMinutes(2));

        assertEquals(Optional.empty(), await(f.manager().accessToken(Fixture.OWNER, Fixture.SERVER)));
        assertEquals(1, f.stub.requestsTo("/as/token").size(), "nothing to refresh with, so no refresh request");
    }
}
