package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The requested-schema subset of MCP 2025-11-25 elicitation, its defaults (SEP-1034) and its checks. */
class FormSchemaTest {

    private static final FormSchema SCHEMA = FormSchema.parse(Map.of("type", "object", "required", List.of("email"),
            "properties", Map.of(
                    "email", Map.of("type", "string", "format", "email"),
                    "site", Map.of("type", "string", "format", "uri"),
                    "born", Map.of("type", "string", "format", "date"),
                    "at", Map.of("type", "string", "format", "date-time"),
                    "code", Map.of("type", "string", "minLength", 2, "maxLength", 3),
                    "plan", Map.of("type", "string", "oneOf", List.of(Map.of("const", "free", "title", "Free"),
                            Map.of("const", "pro", "title", "Pro")), "default", "free"),
                    "ratio", Map.of("type", "number", "minimum", 0, "maximum", 1, "default", 0.5),
                    "count", Map.of("type", "integer", "maximum", 10),
                    "tags", Map.of("type", "array", "items", Map.of("type", "string", "enum", List.of("a", "b", "c")),
                            "maxItems", 2, "default", List.of("a")))));

    private static Map<String, Object> answer(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("email", "ada@example.org");
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }

    private static String refusal(Map<String, Object> content) {
        McpOAuthException e = assertThrows(McpOAuthException.class, () -> SCHEMA.complete(content));
        assertEquals(McpOAuthException.Code.INVALID_REQUEST, e.code());
        return e.getMessage();
    }

    @Test
    void omittedFieldsTakeTheirDefaultsAndFieldsWithoutOneStayOmitted() {
        Map<String, Object> done = SCHEMA.complete(answer());
        assertEquals("free", done.get("plan"));
        assertEquals(0.5, done.get("ratio"));
        assertEquals(List.of("a"), done.get("tags"));
        assertNull(done.get("count"));
        assertTrue(!done.containsKey("site"));
        assertEquals("pro", SCHEMA.complete(answer("plan", "pro")).get("plan"), "a given value beats the default");
    }

    @Test
    void eachRuleOfTheSubsetRefusesNamingTheField() {
        assertTrue(refusal(Map.of()).contains("email is required"));
        assertTrue(refusal(answer("email", "not-an-address")).contains("email"));
        assertTrue(refusal(answer("site", "relative/path")).contains("site"));
        assertTrue(refusal(answer("born", "2026-13-01")).contains("born"));
        assertTrue(refusal(answer("at", "yesterday")).contains("at"));
        assertTrue(refusal(answer("code", "x")).contains("code"));
        assertTrue(refusal(answer("code", "long")).contains("code"));
        assertTrue(refusal(answer("plan", "gold")).contains("plan"));
        assertTrue(refusal(answer("ratio", 1.5)).contains("ratio"));
        assertTrue(refusal(answer("ratio", "0.3")).contains("ratio"));
        assertTrue(refusal(answer("count", 2.5)).contains("count"));
        assertTrue(refusal(answer("count", 11)).contains("count"));
        assertTrue(refusal(answer("tags", List.of("z"))).contains("tags"));
        assertTrue(refusal(answer("tags", List.of("a", "b", "c"))).contains("tags"));
        assertTrue(refusal(answer("extra", 1)).contains("extra"));
    }

    @Test
    void validValuesOfEveryKindPass() {
        Map<String, Object> done = SCHEMA.complete(answer("site", "https://example.org/x", "born", "1815-12-10",
                "at", "2026-12-02T05:30:00Z", "code", "ab", "count", 10L, "ratio", 1, "tags", List.of("b", "c")));
        assertEquals(10L, done.get("count"));
        assertEquals(List.of("b", "c"), done.get("tags"));
    }

    @Test
    void schemasOutsideTheFlatPrimitiveSubsetAreRefused() {
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("type", "object", "properties", Map.of("a", Map.of("type", "object"))),
                Map.of("type", "object", "properties", Map.of("a", Map.of("type", "array", "items", Map.of("type", "string")))),
                Map.of("type", "object", "properties", Map.of("a", Map.of("type", "string", "format", "ipv4"))),
                Map.of("type", "array"),
                Map.of("type", "object", "properties", Map.of("a", Map.of("type", "string", "description", "x".repeat(70_000)))))) {
            assertThrows(IllegalArgumentException.class, () -> FormSchema.parse(bad), bad.toString());
        }
    }

    @Test
    void onlyHttpsUrlsOrLoopbackHttpWhenAllowedMayBeShown() {
        assertNull(ElicitationUrls.problem("https://bank.example/connect?x=1", false));
        assertNull(ElicitationUrls.problem("http://127.0.0.1:8080/cb", true));
        assertNull(ElicitationUrls.problem("http://localhost/cb", true));
        for (String bad : List.of("http://127.0.0.1/cb", "http://bank.example/", "javascript:alert(1)",
                "data:text/html,x", "file:///etc/passwd", "//bank.example/x", "https://u:p@bank.example/", "")) {
            assertTrue(ElicitationUrls.problem(bad, false) != null, bad);
        }
        assertTrue(ElicitationUrls.problem("http://10.0.0.1/", true) != null, "loopback only, not private ranges");
    }
}
