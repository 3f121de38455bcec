package io.github.mcpoauth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code mcp.oauth.client-metadata-url}: {@code auto} beside the module's callback, which the module
 * then serves, and the client_id URL rules of draft-ietf-oauth-client-id-metadata-document section 3.
 */
class ClientMetadataUrlTest {

    private static final String KEY = ConfigKey.CLIENT_METADATA_URL.key();

    @Test
    void autoSitsBesideTheModulesCallbackAndIsServedByTheModule() {
        McpOAuthConfig config = McpOAuthConfig.fromMap(Map.of(KEY, "auto",
                ConfigKey.CALLBACK_URL.key(), "https://app.example:8443/shop/mcp-client/callback"));

        assertEquals(URI.create("https://app.example:8443/shop/mcp-client/client-metadata.json"),
                config.clientMetadataUrl().orElseThrow());
        assertTrue(config.servesClientMetadata());
    }

    @Test
    void autoFollowsAnotherModulePath() {
        McpOAuthConfig config = McpOAuthConfig.fromMap(Map.of(KEY, "AUTO", ConfigKey.PATH.key(), "/oauth/mcp",
                ConfigKey.CALLBACK_URL.key(), "https://app.example/oauth/mcp/callback"));

        assertEquals(URI.create("https://app.example/oauth/mcp/client-metadata.json"), config.clientMetadataUrl().orElseThrow());
        assertTrue(config.servesClientMetadata());
    }

    @Test
    void theSameUrlWrittenOutIsServedToo() {
        McpOAuthConfig config = McpOAuthConfig.fromMap(Map.of(KEY, "https://app.example/mcp-client/client-metadata.json",
                ConfigKey.CALLBACK_URL.key(), "https://app.example/mcp-client/callback"));

        assertTrue(config.servesClientMetadata());
    }

    @Test
    void anyOtherUrlIsADocumentTheOperatorHosts() {
        McpOAuthConfig elsewhere = McpOAuthConfig.fromMap(Map.of(KEY, "https://cdn.example/client.json",
                ConfigKey.CALLBACK_URL.key(), "https://app.example/mcp-client/callback"));
        McpOAuthConfig noCallback = McpOAuthConfig.fromMap(Map.of(KEY, "https://app.example/mcp-client/client-metadata.json"));

        assertEquals(URI.create("https://cdn.example/client.json"), elsewhere.clientMetadataUrl().orElseThrow());
        assertFalse(elsewhere.servesClientMetadata());
        assertFalse(noCallback.servesClientMetadata());
        assertFalse(McpOAuthConfig.defaults().servesClientMetadata());
    }

    @Test
    void autoWithoutACallbackUrlFailsNamingBothKeys() {
        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class,
                () -> McpOAuthConfig.fromMap(Map.of(KEY, "auto")));

        assertEquals(KEY, e.key());
        assertTrue(e.getMessage().contains(ConfigKey.CALLBACK_URL.key()), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example/app/callback", "https://app.example/mcp-client/callback?x=1",
            "https://app.example/mcp-client/done"})
    void autoBesideACallbackThatIsNotTheModulesFails(String callback) {
        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class,
                () -> McpOAuthConfig.fromMap(Map.of(KEY, "auto", ConfigKey.CALLBACK_URL.key(), callback)));

        assertEquals(KEY, e.key());
        assertTrue(e.getMessage().contains("/mcp-client/callback"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://app.example/client.json", "https://app.example", "https://app.example/",
            "https://app.example/a/../client.json", "https://app.example/./client.json", "https://app.example/%2E%2E/c.json",
            "https://app.example/client.json#x", "https://app.example/client.json?v=1", "https://user@app.example/client.json",
            "ftp://app.example/client.json", "not a url", "http://127.0.0.1:8080/client.json"})
    void aUrlThatCannotBeAClientIdFailsNamingTheKey(String value) {
        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class,
                () -> McpOAuthConfig.fromMap(Map.of(KEY, value)));

        assertEquals(KEY, e.key());
        assertTrue(e.getMessage().contains(KEY), e.getMessage());
    }

    @Test
    void plainHttpOnlyOnLoopbackWithAllowLoopback() {
        Map<String, String> settings = new HashMap<>(Map.of(KEY, "auto", ConfigKey.ALLOW_LOOPBACK.key(), "true",
                ConfigKey.CALLBACK_URL.key(), "http://127.0.0.1:8080/mcp-client/callback"));
        assertEquals(URI.create("http://127.0.0.1:8080/mcp-client/client-metadata.json"),
                McpOAuthConfig.fromMap(settings).clientMetadataUrl().orElseThrow());

        settings.put(ConfigKey.CALLBACK_URL.key(), "http://app.example/mcp-client/callback");
        assertEquals(KEY, assertThrows(McpOAuthConfigException.class, () -> McpOAuthConfig.fromMap(settings)).key());
        settings.put(ConfigKey.CALLBACK_URL.key(), "http://localhost:8080/mcp-client/callback");
        settings.put(ConfigKey.ALLOW_LOOPBACK.key(), "false");
        assertEquals(KEY, assertThrows(McpOAuthConfigException.class, () -> McpOAuthConfig.fromMap(settings)).key());
    }
}
