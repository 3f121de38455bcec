package io.github.mcpoauth.internal.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BearerChallengeTest {

    private static BearerChallenge parse(int status, String... values) {
        return BearerChallenge.parse(status, Arrays.asList(values));
    }

    @Test
    void readsAllThreeParametersFromATypicalMcpChallenge() {
        BearerChallenge c = parse(401, "Bearer resource_metadata=\"https://mcp.example/.well-known/oauth-protected-resource/mcp\","
                + " scope=\"files:read files:write\", error=\"invalid_token\"");
        assertEquals(401, c.status());
        assertEquals("invalid_token", c.error());
        assertEquals("files:read files:write", c.scope());
        assertEquals(URI.create("https://mcp.example/.well-known/oauth-protected-resource/mcp"), c.resourceMetadata());
    }

    @Test
    void schemeAndParameterNamesAreCaseInsensitive() {
        BearerChallenge c = parse(401, "bEaReR ERROR=\"invalid_token\", Scope=\"a\"");
        assertEquals("invalid_token", c.error());
        assertEquals("a", c.scope());
    }

    @Test
    void quotedStringsKeepCommasAndEscapedQuotes() {
        BearerChallenge c = parse(401, "Bearer scope=\"a,b \\\"c\\\"\", error=\"x\"");
        assertEquals("a,b \"c\"", c.scope());
        assertEquals("x", c.error());
    }

    @Test
    void findsBearerAmongSeveralChallengesInOneValue() {
        BearerChallenge c = parse(401, "Basic realm=\"r, with comma\", Bearer error=\"invalid_token\", DPoP algs=\"ES256\"");
        assertEquals("invalid_token", c.error());
        assertNull(c.scope());
    }

    @Test
    void findsBearerInALaterHeaderValueAndIgnoresOtherSchemesParameters() {
        BearerChallenge c = parse(401, "Negotiate abc==", "Basic scope=\"wrong\"", "Bearer scope=\"right\"");
        assertEquals("right", c.scope());
    }

    @Test
    void firstBearerChallengeWins() {
        BearerChallenge c = parse(401, "Bearer scope=\"one\"", "Bearer scope=\"two\"");
        assertEquals("one", c.scope());
    }

    @Test
    void tokenValuesWithoutQuotesAreAccepted() {
        BearerChallenge c = parse(403, "Bearer error=insufficient_scope, scope=admin,"
                + " resource_metadata=https://mcp.example/.well-known/oauth-protected-resource");
        assertEquals("insufficient_scope", c.error());
        assertEquals("admin", c.scope());
        assertEquals(URI.create("https://mcp.example/.well-known/oauth-protected-resource"), c.resourceMetadata());
        assertTrue(c.insufficientScope());
    }

    @Test
    void insufficientScopeNeedsBoth403AndTheError() {
        assertFalse(parse(401, "Bearer error=\"insufficient_scope\"").insufficientScope());
        assertFalse(parse(403, "Bearer error=\"invalid_token\"").insufficientScope());
        assertFalse(BearerChallenge.none().insufficientScope());
    }

    @Test
    void garbageYieldsNullFields() {
        for (String garbage : new String[] {"", "   ", "Bearer", "Bearer =,,=\"", "\"unterminated", "Basic realm=x",
                "=", ",,,", "Bearer error=\"unterminated"}) {
            BearerChallenge c = parse(401, garbage);
            assertEquals(401, c.status());
            assertNull(c.scope(), garbage);
            assertNull(c.resourceMetadata(), garbage);
        }
        assertEquals("unterminated", parse(401, "Bearer error=\"unterminated").error());
    }

    @Test
    void nullOrEmptyHeaderListsAreTolerated() {
        assertNull(BearerChallenge.parse(401, null).error());
        assertNull(BearerChallenge.parse(401, List.of()).error());
        assertNull(parse(401, (String) null).error());
    }

    @Test
    void nonHttpOrRelativeResourceMetadataIsIgnored() {
        assertNull(parse(401, "Bearer resource_metadata=\"file:///etc/passwd\"").resourceMetadata());
        assertNull(parse(401, "Bearer resource_metadata=\"/relative\"").resourceMetadata());
        assertNull(parse(401, "Bearer resource_metadata=\"http://bad host/\"").resourceMetadata());
    }

    @Test
    void blankValuesCountAsAbsent() {
        BearerChallenge c = parse(401, "Bearer scope=\"\", error=\" \"");
        assertNull(c.scope());
        assertNull(c.error());
    }

    @Test
    void noneHasNoFields() {
        BearerChallenge none = BearerChallenge.none();
        assertEquals(0, none.status());
        assertNull(none.error());
        assertNull(none.scope());
        assertNull(none.resourceMetadata());
    }

    @Test
    void theDescriptionIsKeptSanitizedAndCut() {
        BearerChallenge c = parse(401, "Bearer error=\"invalid_token\", error_description=\"missing required 'aud' claim\"");
        assertEquals("missing required 'aud' claim", c.description());
        assertTrue(c.invalidToken());
        assertEquals("invalid_token: missing required 'aud' claim", c.errorAndDescription());

        BearerChallenge hostile = parse(401, "Bearer error=invalid_token, error_description=\"a\u0007b\u202ec\u001b[31md\"");
        assertEquals("abc[31md", hostile.description());

        String cut = parse(401, "Bearer error_description=\"" + "\ud83d\ude00".repeat(150) + "\"").description();
        assertTrue(cut.length() <= BearerChallenge.MAX_DESCRIPTION, cut);
        assertTrue(cut.endsWith("\ud83d\ude00\u2026"), cut); // never half a character
        assertNull(parse(401, "Bearer error_description=\" \"").description());
        assertNull(parse(401, "Bearer scope=a").errorAndDescription());
    }

    @Test
    void onlyA401InvalidTokenIsInvalidToken() {
        assertFalse(parse(403, "Bearer error=\"invalid_token\"").invalidToken());
        assertFalse(parse(401, "Bearer error=\"insufficient_scope\"").invalidToken());
        assertEquals("invalid_token", parse(401, "Bearer error=invalid_token").errorAndDescription());
    }
}
