package io.github.mcpoauth.internal.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.config.McpOAuthConfig.DpopMode;
import io.github.mcpoauth.config.McpOAuthConfigException;
import io.github.mcpoauth.store.PendingAuthorization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When an authorization asks for DPoP-bound tokens (RFC 9449), with an AS that offers ES256: in
 * mode {@code auto} only when the MCP server signals it takes them, through its resource metadata
 * (RFC 9728 section 2) or a {@code DPoP} challenge (RFC 9449 section 7.1), since a Bearer-only server
 * refuses them; {@code always} and {@code never} regardless. The choice is recorded on the pending
 * authorization, so completing it needs no metadata.
 */
class DpopDecisionTest {

    /** The DPoP algorithm the pending authorization records, with these PRM fields, settings and challenge. */
    private static String algorithm(Map<String, Object> prmFields, Map<String, String> settings, BearerChallenge challenge) {
        try (Fixture f = new Fixture()) {
            f.asMetadata.put("dpop_signing_alg_values_supported", List.of("ES256"));
            f.prm.putAll(prmFields);
            f.settings.putAll(settings);
            PendingAuthorization pending = f.begin(challenge);
            return pending.dpopAlgorithm();
        }
    }

    private static String algorithm(Map<String, Object> prmFields) {
        return algorithm(prmFields, Map.of(), BearerChallenge.none());
    }

    private static BearerChallenge challenge(String... wwwAuthenticate) {
        return BearerChallenge.parse(401, List.of(wwwAuthenticate));
    }

    @Test
    void byDefaultAServerThatSaysNothingOfDpopGetsBearerTokens() {
        assertNull(algorithm(Map.of()));
        assertNull(algorithm(Map.of(), Map.of(), challenge("Bearer error=\"invalid_token\"")));
        assertNull(algorithm(Map.of("dpop_signing_alg_values_supported", List.of(),
                "dpop_bound_access_tokens_required", false)), "an empty list and false are no signal");
        assertNull(algorithm(Map.of("dpop_bound_access_tokens_required", "true")), "only the JSON boolean counts");
    }

    @Test
    void byDefaultTheResourceMetadataSignalsDpop() {
        assertEquals("ES256", algorithm(Map.of("dpop_signing_alg_values_supported", List.of("ES256"))));
        assertEquals("ES256", algorithm(Map.of("dpop_bound_access_tokens_required", true)));
    }

    @Test
    void byDefaultADpopChallengeSignalsDpop() {
        BearerChallenge dpopOnly = challenge("DPoP algs=\"ES256\", error=\"invalid_token\"");
        assertTrue(dpopOnly.dpopOffered());
        assertEquals("ES256", algorithm(Map.of(), Map.of(), dpopOnly));

        BearerChallenge both = challenge("Bearer scope=\"mcp:read\"", "DPoP algs=\"ES256\"");
        assertTrue(both.dpopOffered());
        assertEquals("mcp:read", both.scope(), "the Bearer challenge's parameters still count");
        assertEquals("ES256", algorithm(Map.of(), Map.of(), both));
    }

    @Test
    void alwaysBindsWithoutASignalAndNeverDoesNotWithOne() {
        assertEquals("ES256", algorithm(Map.of(), Map.of("mcp.oauth.dpop", "always"), BearerChallenge.none()));
        assertEquals("ES256", algorithm(Map.of(), Map.of("mcp.oauth.dpop", "true"), BearerChallenge.none()));
        Map<String, Object> signal = Map.of("dpop_bound_access_tokens_required", true);
        assertNull(algorithm(signal, Map.of("mcp.oauth.dpop", "never"), challenge("DPoP algs=\"ES256\"")));
        assertNull(algorithm(signal, Map.of("mcp.oauth.dpop", "false"), challenge("DPoP algs=\"ES256\"")));
    }

    @Test
    void theKeyReadsItsModesAndTheBooleanSpellingsOfBefore() {
        assertEquals(DpopMode.AUTO, McpOAuthConfig.fromMap(Map.of()).dpop());
        assertEquals(DpopMode.AUTO, McpOAuthConfig.fromMap(Map.of("mcp.oauth.dpop", "Auto")).dpop());
        assertEquals(DpopMode.ALWAYS, McpOAuthConfig.fromMap(Map.of("mcp.oauth.dpop", "always")).dpop());
        assertEquals(DpopMode.ALWAYS, McpOAuthConfig.fromMap(Map.of("mcp.oauth.dpop", "TRUE")).dpop());
        assertEquals(DpopMode.NEVER, McpOAuthConfig.fromMap(Map.of("mcp.oauth.dpop", "never")).dpop());
        assertEquals(DpopMode.NEVER, McpOAuthConfig.fromMap(Map.of("mcp.oauth.dpop", "false")).dpop());
        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class,
                () -> McpOAuthConfig.fromMap(Map.of("mcp.oauth.dpop", "sometimes")));
        assertTrue(e.getMessage().contains("mcp.oauth.dpop") && e.getMessage().contains("[auto, always, never]"),
                e.getMessage());
    }
}
