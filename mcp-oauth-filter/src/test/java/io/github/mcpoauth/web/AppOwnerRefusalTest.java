package io.github.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.InMemoryMcpStore;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The application's own owners ({@code mcp.oauth.app-owners}) get tokens with the application's
 * credentials: no HTTP request, OAuth callback or WebSocket may act as one, even when the app's
 * sign-in yields that very name.
 */
class AppOwnerRefusalTest {

    private final McpOAuthConfig config = McpOAuthConfig.fromMap(Map.of("mcp.oauth.app-owners", "app, batch"));

    private static HttpServletRequest signedInAs(String user) {
        return (HttpServletRequest) Proxy.newProxyInstance(AppOwnerRefusalTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> "appUser".equals(args[0]) ? user : null;
                    default -> null;
                });
    }

    @Test
    void aRequestResolvingToAnAppOwnerIsRefusedAndOthersAreNot() {
        InMemoryMcpStore store = new InMemoryMcpStore();
        try (McpClientService service = McpClientService.builder().config(config).store(store).build()) {
            McpOAuthRuntime runtime = new McpOAuthRuntime(config, store, service,
                    r -> (String) r.getAttribute("appUser"));

            ApiError refused = assertThrows(ApiError.class, () -> runtime.owner(signedInAs("app")));
            assertEquals(403, refused.status());
            assertEquals(403, assertThrows(ApiError.class, () -> runtime.owner(signedInAs("batch"))).status());
            assertNull(runtime.existingOwner(signedInAs("app")));
            assertEquals("alice", runtime.owner(signedInAs("alice")));
            assertEquals("alice", runtime.existingOwner(signedInAs("alice")));
        }
    }

    @Test
    void aWebSocketHandshakeNeverActsAsAnAppOwner() {
        WebHandshakePolicy policy = new WebHandshakePolicy("principal", new Origins(List.of()), config::isAppOwner);
        Principal app = () -> "app";
        Principal alice = () -> "alice";

        assertNull(policy.owner(app, null));
        assertEquals("alice", policy.owner(alice, null));
    }
}
