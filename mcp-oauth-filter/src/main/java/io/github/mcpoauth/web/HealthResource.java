package io.github.mcpoauth.web;

import io.github.mcpoauth.client.ConnectionState;
import io.github.mcpoauth.client.McpHealth;
import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The health summary ({@link McpHealth}) as JSON at {@code <path>/health}, for a load balancer or a
 * monitoring probe: 200 while the store answers, 503 when it does not. Served only when
 * {@code mcp.oauth.health-enabled} is set; with {@code mcp.oauth.health-role} only to users in that
 * role. It needs no owner, session or CSRF token (a probe has none) and creates no session. It holds
 * counts and times only, but those are operational detail, hence off by default.
 */
final class HealthResource {

    static final String PATH = "/health";

    private HealthResource() {
    }

    static boolean serves(McpOAuthConfig config, String method, String subPath) {
        return config.healthEnabled() && method.equals("GET") && subPath.equals(PATH);
    }

    static void serve(McpOAuthRuntime runtime, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Optional<String> role = runtime.config().healthRole();
        if (role.isPresent() && !request.isUserInRole(role.get())) {
            runtime.json().sendError(response, new ApiError(403, "forbidden",
                    "The health summary is only for users in the role " + ConfigKey.HEALTH_ROLE.key() + " names"));
            return;
        }
        McpHealth health = runtime.service().health();
        runtime.json().send(response, status(health), body(health));
    }

    static int status(McpHealth health) {
        return health.healthy() ? 200 : 503;
    }

    static Map<String, Object> body(McpHealth health) {
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("reachable", health.storeReachable());
        store.put("unavailableSince", text(health.storeUnavailableSince()));
        Map<String, Object> servers = new LinkedHashMap<>();
        for (Map.Entry<ConnectionState, Integer> count : health.servers().entrySet()) {
            servers.put(count.getKey().wireName(), count.getValue());
        }
        servers.put("total", health.totalServers());
        Map<String, Object> refreshFailures = new LinkedHashMap<>();
        refreshFailures.put("count", health.refreshFailures());
        refreshFailures.put("last", text(health.lastRefreshFailure()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", health.healthy() ? "ok" : "unavailable");
        body.put("checkedAt", health.checkedAt().toString());
        body.put("store", store);
        body.put("owners", health.owners());
        body.put("servers", servers);
        body.put("refreshFailures", refreshFailures);
        body.put("connectionAttempts", Map.of("inFlight", health.connectsInFlight(), "queued", health.connectsQueued()));
        return body;
    }

    private static String text(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }
}
