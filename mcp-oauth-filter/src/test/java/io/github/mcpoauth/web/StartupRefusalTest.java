package io.github.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.config.McpOAuthConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Off-site callback redirects are refused at startup, naming the key; the error is appended correctly. */
class StartupRefusalTest {

    @Test
    void aDeploymentWithAnOffSiteSuccessRedirectFailsNamingTheKey() throws Exception {
        try (JettyContainer jetty = new JettyContainer()) {
            Exception e = assertThrows(Exception.class, () -> jetty.start(WarDirectory.build("StartupRefusalTest"),
                    Map.of("/bad", Map.of("mcp.oauth.store", "memory",
                            "mcp.oauth.success-redirect", "https://evil.example/x"))));
            assertTrue(messages(e).contains("mcp.oauth.success-redirect"), messages(e));
        }
    }

    @Test
    void onlyLocalPathsAndAllowedOriginsAreTargets() {
        Origins origins = new Origins(List.of("https://app.example"));
        assertEquals("/done", RedirectTargets.validate(io.github.mcpoauth.config.ConfigKey.SUCCESS_REDIRECT, "/done",
                origins));
        assertEquals("https://app.example/x", RedirectTargets.validate(
                io.github.mcpoauth.config.ConfigKey.ERROR_REDIRECT, "https://app.example/x", origins));
        for (String bad : List.of("//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)")) {
            McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class, () -> RedirectTargets.validate(
                    io.github.mcpoauth.config.ConfigKey.ERROR_REDIRECT, bad, origins));
            assertEquals("mcp.oauth.error-redirect", e.key());
        }
    }

    @Test
    void theErrorIsAppendedToTheQueryBeforeTheFragmentAndEncoded() {
        assertEquals("/app/?error=%3Cb%3E+x", RedirectTargets.withError("/app/", "<b> x"));
        assertEquals("/p?a=1&error=e#top", RedirectTargets.withError("/p?a=1#top", "e"));
    }

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n');
        }
        return all.toString();
    }
}
