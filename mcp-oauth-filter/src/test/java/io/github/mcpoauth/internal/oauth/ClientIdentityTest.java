package io.github.mcpoauth.internal.oauth;

import static io.github.mcpoauth.internal.oauth.Fixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.config.PreRegisteredClient;
import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.PendingAuthorization;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pre-registered, Client ID Metadata Document and RFC 7591 registration, in that order. */
class ClientIdentityTest {

    private static final String CIMD_URL = "https://app.example/oauth/client.json";

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private ClientRegistration registration() {
        return f.store.registrations().find(Fixture.OWNER, Fixture.SERVER).orElseThrow();
    }

    @Test
    void aClientPreRegisteredForTheServerComesFirst() {
        f.settings.put("mcp.oauth.client-id", "global");
        f.settings.put("mcp.oauth.client-issuers", f.issuer());
        f.settings.put("mcp.oauth.client-metadata-url", CIMD_URL);
        f.asMetadata.put("client_id_metadata_document_supported", true);
        AuthorizationTarget target = new AuthorizationTarget(Fixture.OWNER, Fixture.SERVER, f.serverUrl(), f.redirectUri(),
                Optional.of(new PreRegisteredClient("per-server", "s3cret", null)));
        PendingAuthorization pending = Fixture.await(f.manager().beginAuthorization(target, BearerChallenge.none(), 1));
        assertEquals("per-server", Fixture.query(pending.authUrl()).get("client_id"));
        assertEquals("client_secret_basic", registration().authMethod());
        assertEquals("s3cret", registration().clientSecret());
        assertTrue(f.stub.requestsTo("/as/register").isEmpty());
    }

    @Test
    void theGlobalPreRegisteredClientComesBeforeCimdAndRegistration() {
        f.settings.put("mcp.oauth.client-id", "global");
        f.settings.put("mcp.oauth.client-issuers", f.issuer());
        f.settings.put("mcp.oauth.client-secret", "g-secret");
        f.settings.put("mcp.oauth.client-auth-method", "client_secret_post");
        f.settings.put("mcp.oauth.client-metadata-url", CIMD_URL);
        f.asMetadata.put("client_id_metadata_document_supported", true);
        PendingAuthorization pending = f.begin();
        assertEquals("global", Fixture.query(pending.authUrl()).get("client_id"));
        ClientRegistration r = registration();
        assertEquals("client_secret_post", r.authMethod());
        assertEquals("g-secret", r.clientSecret());
        assertEquals(f.issuer(), r.issuer());
        assertEquals(f.redirectUri().toString(), r.redirectUri());
        assertEquals(f.stub.origin() + "/mcp", r.resource());
        assertEquals(f.stub.origin() + "/as/token", r.tokenEndpoint());
        assertTrue(f.stub.requestsTo("/as/register").isEmpty());
    }

    @Test
    void aPreRegisteredClientWithoutMethodGetsBasicPostOrNone() {
        AuthServer both = new AuthServer("i", URI.create("https://a/x"), URI.create("https://a/t"), null,
                List.of("client_secret_post", "client_secret_basic"), false, true);
        AuthServer postOnly = new AuthServer("i", URI.create("https://a/x"), URI.create("https://a/t"), null,
                List.of("client_secret_post", "none"), false, true);
        AuthServer silent = new AuthServer("i", URI.create("https://a/x"), URI.create("https://a/t"), null,
                List.of(), false, true);
        assertEquals("client_secret_basic", ClientIdentities.authMethodFor("s", null, both));
        assertEquals("client_secret_basic", ClientIdentities.authMethodFor("s", null, silent));
        assertEquals("client_secret_post", ClientIdentities.authMethodFor("s", null, postOnly));
        assertEquals("none", ClientIdentities.authMethodFor(null, null, both));
        assertEquals("none", ClientIdentities.authMethodFor("", "", both));
        assertEquals("private_key_jwt", ClientIdentities.authMethodFor(null, "private_key_jwt", both));
    }

    @Test
    void theMetadataDocumentUrlIsTheClientIdWhenTheAuthorizationServerSupportsIt() {
        f.settings.put("mcp.oauth.client-metadata-url", CIMD_URL);
        f.asMetadata.put("client_id_metadata_document_supported", true);
        PendingAuthorization pending = f.begin();
        assertEquals(CIMD_URL, Fixture.query(pending.authUrl()).get("client_id"));
        assertEquals("none", registration().authMethod());
        assertNull(registration().clientSecret());
        assertTrue(f.stub.requestsTo("/as/register").isEmpty());
    }

    @Test
    void theDocumentTheModuleServesIsTheClientIdForTheCallbackUrlItLists() {
        f.settings.put("mcp.oauth.client-metadata-url", "auto");
        f.settings.put("mcp.oauth.callback-url", f.redirectUri().toString());
        f.asMetadata.put("client_id_metadata_document_supported", true);
        PendingAuthorization pending = f.begin();
        assertEquals("http://localhost:8080/app/mcp-client/client-metadata.json",
                Fixture.query(pending.authUrl()).get("client_id"));
        assertEquals(f.redirectUri().toString(), Fixture.query(pending.authUrl()).get("redirect_uri"));
        assertTrue(f.stub.requestsTo("/as/register").isEmpty());
    }

    @Test
    void aServerWithAnotherRedirectUriThanTheServedDocumentListsRegistersInstead() {
        f.settings.put("mcp.oauth.client-metadata-url", "auto");
        f.settings.put("mcp.oauth.callback-url", "https://app.example/app/mcp-client/callback");
        f.asMetadata.put("client_id_metadata_document_supported", true);
        PendingAuthorization pending = f.begin(); // the fixture's server uses its own (loopback) callback URL
        assertEquals("dyn-client", Fixture.query(pending.authUrl()).get("client_id"));
        assertEquals(1, f.stub.requestsTo("/as/register").size());
    }

    @Test
    void theMetadataDocumentUrlIsNotUsedWhenTheAuthorizationServerDoesNotSayItIsSupported() {
        f.settings.put("mcp.oauth.client-metadata-url", CIMD_URL);
        PendingAuthorization pending = f.begin();
        assertEquals("dyn-client", Fixture.query(pending.authUrl()).get("client_id"));
        assertEquals(1, f.stub.requestsTo("/as/register").size());
    }

    @Test
    void dynamicRegistrationSendsTheClientMetadataAndKeepsWhatTheServerAnswers() {
        f.asMetadata.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt", "client_secret_post"));
        PendingAuthorization pending = f.begin();
        StubServer.Request request = f.stub.requestsTo("/as/register").get(0);
        assertTrue(request.header("content-type").startsWith("application/json"));
        Map<String, Object> body = Fixture.jsonBody(request);
        assertEquals("mcp-oauth-filter", body.get("client_name"));
        assertEquals(List.of(f.redirectUri().toString()), body.get("redirect_uris"));
        assertEquals(List.of("authorization_code", "refresh_token"), ((List<?>) body.get("grant_types")).stream().sorted().toList());
        assertEquals(List.of("code"), body.get("response_types"));
        assertEquals("client_secret_post", body.get("token_endpoint_auth_method"));
        assertEquals("dyn-client", Fixture.query(pending.authUrl()).get("client_id"));
        ClientRegistration r = registration();
        assertEquals("client_secret_post", r.authMethod());
        assertEquals("dyn-secret", r.clientSecret());
    }

    @Test
    void registrationAsksForBasicWhenTheServerListsNoMethods() {
        f.asMetadata.remove("token_endpoint_auth_methods_supported");
        f.settings.put("mcp.oauth.client-name", "My App");
        f.begin();
        Map<String, Object> body = Fixture.jsonBody(f.stub.requestsTo("/as/register").get(0));
        assertEquals("client_secret_basic", body.get("token_endpoint_auth_method"));
        assertEquals("My App", body.get("client_name"));
    }

    @Test
    void registrationChoosesNoneWhenThatIsAllTheServerTakes() {
        f.asMetadata.put("token_endpoint_auth_methods_supported", List.of("none"));
        f.begin();
        assertEquals("none", Fixture.jsonBody(f.stub.requestsTo("/as/register").get(0)).get("token_endpoint_auth_method"));
        assertEquals("none", registration().authMethod());
        assertNull(registration().clientSecret());
    }

    @Test
    void theServersAnswerOverridesTheRequestedMethod() {
        f.registrationHandler = r -> StubServer.json(201, Map.of("client_id", "c2", "client_secret", "x",
                "token_endpoint_auth_method", "client_secret_post"));
        f.begin();
        assertEquals("client_secret_post", registration().authMethod());
        assertEquals("c2", registration().clientId());
    }

    @Test
    void anEarlierRegistrationForTheSameIssuerAndRedirectIsReused() {
        f.begin();
        f.manager().forget(Fixture.OWNER, Fixture.SERVER);
        PendingAuthorization again = f.begin();
        assertEquals(1, f.stub.requestsTo("/as/register").size());
        assertEquals("dyn-client", Fixture.query(again.authUrl()).get("client_id"));
        assertEquals("dyn-secret", registration().clientSecret());
    }

    @Test
    void aDifferentRedirectUriRegistersAgain() {
        f.begin();
        AuthorizationTarget other = new AuthorizationTarget(Fixture.OWNER, Fixture.SERVER, f.serverUrl(),
                URI.create("https://app.example/mcp-client/callback"), Optional.empty());
        Fixture.await(f.manager().beginAuthorization(other, BearerChallenge.none(), 1));
        assertEquals(2, f.stub.requestsTo("/as/register").size());
    }

    @Test
    void noRegistrationEndpointAndNoOtherIdentityStopsWithAClearMessage() {
        f.asMetadata.remove("registration_endpoint");
        McpOAuthException e = failure(f.manager().beginAuthorization(f.target(), BearerChallenge.none(), 1),
                McpOAuthException.Code.UPSTREAM);
        assertTrue(e.getMessage().contains("no dynamic client registration"), e.getMessage());
        assertTrue(e.getMessage().contains("mcp.oauth.client-id"), e.getMessage());
    }

    @Test
    void aRegistrationErrorIsReportedReadably() {
        f.registrationHandler = r -> StubServer.json(400, Map.of("error", "invalid_redirect_uri",
                "error_description", "redirect\nnot allowed"));
        McpOAuthException e = failure(f.manager().beginAuthorization(f.target(), BearerChallenge.none(), 1),
                McpOAuthException.Code.UPSTREAM);
        assertTrue(e.getMessage().startsWith("Dynamic client registration at 127.0.0.1 failed:"
                + " this application's redirect URI was refused (invalid_redirect_uri: redirect"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("not allowed)") && !e.getMessage().contains("\n"), e.getMessage());
    }
}
