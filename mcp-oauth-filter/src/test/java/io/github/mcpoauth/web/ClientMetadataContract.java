package io.github.mcpoauth.web;

import static io.github.mcpoauth.web.SocketProbe.stateOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.Closing;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Client ID Metadata Document the module serves for itself, in a real container: every field, no
 * secret or private key part, public (no session, owner or CSRF token) and cacheable; and an
 * authorization server that supports documents gets its URL as client_id, fetches it from the running
 * app and accepts the redirect URI it lists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClientMetadataContract {

    private static final String DOCUMENT = "/mcp-client/client-metadata.json";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    final BrowserStub browser = new BrowserStub();
    final HttpClient plain = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    final RSAKey key;
    TestAuthorizationServer as;
    TestMcpServer mcp;
    Container container;
    String origin;

    ClientMetadataContract() {
        try {
            key = new RSAKeyGenerator(2048).keyID("app-key").generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    abstract Container newContainer();

    @BeforeAll
    void deploy() throws Exception {
        as = TestAuthorizationServer.builder().clientIdMetadataDocumentSupported(true).start();
        mcp = TestMcpServer.builder().protectedBy(as).start();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        origin = "http://127.0.0.1:" + port;
        container = newContainer().onPort(port);
        container.start(WarDirectory.build(getClass().getSimpleName()), Map.of(
                "/app", Map.of("mcp.oauth.store", "memory", "mcp.oauth.allow-loopback", "true",
                        "mcp.oauth.client-name", "Metadata test app",
                        "mcp.oauth.callback-url", origin + "/app/mcp-client/callback",
                        "mcp.oauth.client-metadata-url", "auto"),
                "/keyed", Map.of("mcp.oauth.store", "memory", "mcp.oauth.client-jwk", key.toJSONString(),
                        "mcp.oauth.client-secret", "never-published", "mcp.oauth.client-id", "pre",
                        "mcp.oauth.client-issuers", "https://other.example",
                        "mcp.oauth.callback-url", "https://app.example/keyed/mcp-client/callback",
                        "mcp.oauth.client-metadata-url", "https://app.example/keyed" + DOCUMENT),
                "/hosted", Map.of("mcp.oauth.store", "memory",
                        "mcp.oauth.callback-url", "https://app.example/hosted/mcp-client/callback",
                        "mcp.oauth.client-metadata-url", "https://cdn.example/hosted-client.json")));
    }

    @AfterAll
    void undeploy() throws Exception {
        Closing.all(container, mcp, as);
    }

    @Test
    void theDocumentIsPublicCacheableAndDescribesTheClient() throws Exception {
        HttpResponse<String> got = get("/app" + DOCUMENT);
        assertEquals(200, got.statusCode(), got.body());
        assertTrue(got.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertTrue(got.headers().firstValue("Cache-Control").orElseThrow().contains("max-age=3600"),
                got.headers().toString());
        assertTrue(got.headers().allValues("Set-Cookie").isEmpty(), "no session: " + got.headers());
        Map<String, Object> document = WebClient.JSON.readValue(got.body(), Map.class);
        assertEquals(origin + "/app" + DOCUMENT, document.get("client_id"));
        assertEquals("Metadata test app", document.get("client_name"));
        assertEquals(List.of(origin + "/app/mcp-client/callback"), document.get("redirect_uris"));
        assertEquals(Set.of("authorization_code", "refresh_token"), Set.copyOf((List<?>) document.get("grant_types")));
        assertEquals(List.of("code"), document.get("response_types"));
        assertEquals("none", document.get("token_endpoint_auth_method"));
        assertEquals("native", document.get("application_type")); // loopback http redirect (SEP-837)
        assertEquals(Set.of("client_id", "client_name", "redirect_uris", "grant_types", "response_types",
                "token_endpoint_auth_method", "application_type"), document.keySet());
    }

    @Test
    void withAClientKeyTheDocumentPublishesOnlyItsPublicHalfAndNoSecret() throws Exception {
        HttpResponse<String> got = get("/keyed" + DOCUMENT);
        assertEquals(200, got.statusCode(), got.body());
        Map<String, Object> document = WebClient.JSON.readValue(got.body(), Map.class);
        assertEquals("https://app.example/keyed" + DOCUMENT, document.get("client_id"));
        assertEquals("private_key_jwt", document.get("token_endpoint_auth_method"));
        assertEquals("web", document.get("application_type"));
        List<?> keys = (List<?>) ((Map<?, ?>) document.get("jwks")).get("keys");
        assertEquals(1, keys.size());
        Map<?, ?> published = (Map<?, ?>) keys.get(0);
        assertEquals(key.getModulus().toString(), published.get("n"));
        assertEquals("app-key", published.get("kid"));
        for (String privatePart : List.of("d", "p", "q", "dp", "dq", "qi", "oth")) {
            assertFalse(published.containsKey(privatePart), privatePart + " published: " + got.body());
        }
        assertFalse(got.body().contains(key.getPrivateExponent().toString()), got.body());
        assertFalse(got.body().contains("never-published"), got.body());
        assertFalse(got.body().contains("client_secret\""), got.body());
    }

    @Test
    void aDocumentUrlElsewhereIsTheOperatorsToHostAndNotServedHere() throws Exception {
        assertEquals(404, get("/hosted" + DOCUMENT).statusCode());
    }

    @Test
    void anAuthorizationServerSupportingDocumentsFetchesItFromTheAppAndAcceptsItsRedirectUri() throws Exception {
        String documentUrl = origin + "/app" + DOCUMENT;
        WebClient alice = new WebClient(container.origin(), container.origin() + "/app/mcp-client");
        assertEquals(200, alice.get("/servers").statusCode());
        HttpResponse<String> added = alice.post("/servers", Map.of("name", "cimd", "url", mcp.url()));
        assertEquals(201, added.statusCode(), added.body());
        Map<String, Object> server = WebClient.json(added);
        String id = (String) server.get("id");
        URI callback = browser.redirectLocation((String) server.get("authUrl"));

        Map<String, String> authorize = as.authorizationRequests().get(as.authorizationRequests().size() - 1);
        assertEquals(documentUrl, authorize.get("client_id"));
        assertEquals(List.of(documentUrl), as.clientMetadataDocumentFetches());
        assertEquals(0, as.registrationCount());
        Map<String, Object> fetched = WebClient.JSON.readValue(get("/app" + DOCUMENT).body(), Map.class);
        assertTrue(((List<?>) fetched.get("redirect_uris")).contains(authorize.get("redirect_uri")), authorize.toString());

        assertEquals(302, alice.getUrl(callback).statusCode());
        try (SocketProbe socket = alice.socket()) {
            socket.await(m -> "ready".equals(stateOf(m, id)), 20);
        }
        assertEquals(documentUrl, as.lastTokenRequest().orElseThrow().param("client_id").orElseThrow());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return plain.send(HttpRequest.newBuilder(URI.create(container.origin() + path)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
