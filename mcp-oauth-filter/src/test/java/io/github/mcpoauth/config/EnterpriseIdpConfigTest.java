package io.github.mcpoauth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code mcp.oauth.enterprise-*} keys: all or nothing, issuers exact, the secret never printed. */
class EnterpriseIdpConfigTest {

    private static Map<String, String> complete() {
        Map<String, String> values = new HashMap<>();
        values.put("mcp.oauth.enterprise-idp-issuer", "https://login.example/realms/corp");
        values.put("mcp.oauth.enterprise-idp-client-id", "shop");
        values.put("mcp.oauth.enterprise-idp-client-secret", "s3cret-at-idp");
        values.put("mcp.oauth.enterprise-issuers", "https://auth.crm.example, https://auth.tickets.example/");
        return values;
    }

    private static String refusedKey(Map<String, String> values) {
        return assertThrows(McpOAuthConfigException.class, () -> McpOAuthConfig.fromMap(values)).key();
    }

    @Test
    void offWithoutAnIssuer() {
        assertEquals(Optional.empty(), McpOAuthConfig.defaults().enterpriseIdp());
    }

    @Test
    void aCompleteSetIsReadWithTheIssuersKeptExactly() {
        EnterpriseIdp idp = McpOAuthConfig.fromMap(complete()).enterpriseIdp().orElseThrow();

        assertEquals("https://login.example/realms/corp", idp.issuer());
        assertEquals(Optional.empty(), idp.tokenEndpoint());
        assertEquals(Optional.of("s3cret-at-idp"), idp.clientSecret());
        assertEquals("openid-context", idp.idTokenSource());
        assertTrue(idp.accepts("https://auth.tickets.example/"));
        assertFalse(idp.accepts("https://auth.tickets.example"), "issuers are compared as strings");
        assertFalse(idp.accepts("https://auth.other.example"));
    }

    @Test
    void theTokenEndpointAndAnAttributeSourceAreRead() {
        Map<String, String> values = complete();
        values.put("mcp.oauth.enterprise-idp-token-endpoint", "https://login.example/token");
        values.put("mcp.oauth.enterprise-id-token", "attribute:oidc.id_token");

        EnterpriseIdp idp = McpOAuthConfig.fromMap(values).enterpriseIdp().orElseThrow();

        assertEquals(Optional.of(URI.create("https://login.example/token")), idp.tokenEndpoint());
        assertEquals("attribute:oidc.id_token", idp.idTokenSource());
    }

    @Test
    void aPartialSetStopsTheStartNamingWhatIsMissing() {
        Map<String, String> noClient = complete();
        noClient.remove("mcp.oauth.enterprise-idp-client-id");
        assertEquals("mcp.oauth.enterprise-idp-client-id", refusedKey(noClient));

        Map<String, String> noServers = complete();
        noServers.remove("mcp.oauth.enterprise-issuers");
        assertEquals("mcp.oauth.enterprise-issuers", refusedKey(noServers));

        Map<String, String> noIssuer = complete();
        noIssuer.remove("mcp.oauth.enterprise-idp-issuer");
        assertTrue(refusedKey(noIssuer).startsWith("mcp.oauth.enterprise-"));
    }

    @Test
    void badValuesAreRefused() {
        for (Map.Entry<String, String> bad : List.of(
                Map.entry("mcp.oauth.enterprise-idp-issuer", "login.example"),
                Map.entry("mcp.oauth.enterprise-idp-issuer", "https://a.example,https://b.example"),
                Map.entry("mcp.oauth.enterprise-issuers", "https://as.example?tenant=1"),
                Map.entry("mcp.oauth.enterprise-idp-token-endpoint", "/token"),
                Map.entry("mcp.oauth.enterprise-id-token", "session"),
                Map.entry("mcp.oauth.enterprise-id-token", "attribute:"))) {
            Map<String, String> values = complete();
            values.put(bad.getKey(), bad.getValue());
            assertEquals(bad.getKey(), refusedKey(values), bad.toString());
        }
    }

    @Test
    void theSecretIsNeverPrinted() {
        McpOAuthConfig config = McpOAuthConfig.fromMap(complete());

        assertFalse(config.toString().contains("s3cret-at-idp"), config.toString());
        assertTrue(config.toString().contains("login.example"), config.toString());
    }
}
