package io.github.mcpoauth.conformance;

import io.modelcontextprotocol.json.McpJsonDefaults;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenarios of the extensions {@code oauth-client-credentials} and {@code wif-jwt-bearer}: no
 * user, so the driver configures the module as an operator would for the application's own servers
 * ({@code mcp.oauth.app-owners}), binding the scenario's credentials or workload token to the
 * authorization server the scenario's MCP server names (read from its RFC 9728 metadata, as the
 * operator would look the issuer up).
 */
final class AppScenario {

    static final String OWNER = "app";

    private AppScenario() {
    }

    static boolean applies(String scenario) {
        return scenario != null && (scenario.startsWith("auth/client-credentials") || scenario.startsWith("auth/wif"));
    }

    static Map<String, String> settings(String serverUrl, Map<String, Object> context) throws Exception {
        String issuer = issuerOf(URI.create(serverUrl));
        Map<String, String> settings = new HashMap<>();
        settings.put("mcp.oauth.app-owners", OWNER);
        settings.put("mcp.oauth.client-id", (String) context.get("client_id"));
        settings.put("mcp.oauth.client-issuers", issuer);
        if (context.get("valid_jwt") instanceof String jwt) {
            Path token = Files.createTempFile("conformance-workload-", ".jwt");
            token.toFile().deleteOnExit();
            Files.writeString(token, jwt);
            settings.put("mcp.oauth.workload-tokens", issuer + "=" + token);
            settings.put("mcp.oauth.client-auth-method", "none");
        } else if (context.get("private_key_pem") instanceof String pem) {
            settings.put("mcp.oauth.client-auth-method", "private_key_jwt");
            settings.put("mcp.oauth.client-jwk", EcPem.toJwk(pem).toJSONString());
        } else {
            settings.put("mcp.oauth.client-secret", (String) context.get("client_secret"));
            settings.put("mcp.oauth.client-auth-method", "client_secret_basic");
        }
        return settings;
    }

    /** The first authorization server of the resource's metadata at its path-inserted well-known URL. */
    @SuppressWarnings("unchecked")
    static String issuerOf(URI server) throws Exception {
        URI metadata = server.resolve("/.well-known/oauth-protected-resource" + server.getRawPath());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(metadata).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Object> document = McpJsonDefaults.getMapper().readValue(response.body(), Map.class);
        return ((List<String>) document.get("authorization_servers")).get(0);
    }
}
