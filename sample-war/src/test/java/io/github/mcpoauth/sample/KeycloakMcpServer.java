package io.github.mcpoauth.sample;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jwt.JWTClaimsSet;
import io.github.mcpoauth.testsupport.EmbeddedJetty;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import tools.jackson.databind.json.JsonMapper;

/**
 * An MCP server (the MCP Java SDK's streamable HTTP transport) protected by a Keycloak realm, on
 * {@code http://127.0.0.1:<port>/mcp}: it serves RFC 9728 protected resource metadata naming a realm
 * as its authorization server, and DPoP support, and lets only that realm's JWTs for this resource
 * through ({@link JwtBearerFilter}). Two phases: {@link #bind()} fixes the URL (which the realm needs as the
 * audience before Keycloak starts), {@link #start} serves.
 */
final class KeycloakMcpServer implements AutoCloseable {

    private static final String MCP_PATH = "/mcp";
    private static final String METADATA_PATH = "/.well-known/oauth-protected-resource" + MCP_PATH;

    private final EmbeddedJetty jetty;
    private final AtomicReference<String> audience = new AtomicReference<>();
    private final AtomicReference<String> issuer = new AtomicReference<>();
    private McpSyncServer mcp;
    private JwtBearerFilter bearer;

    private KeycloakMcpServer(EmbeddedJetty jetty) {
        this.jetty = jetty;
        audience.set(url());
    }

    static KeycloakMcpServer bind() {
        return new KeycloakMcpServer(EmbeddedJetty.bind());
    }

    /** The MCP endpoint, which is also the resource identifier and the audience tokens must carry. */
    String url() {
        return jetty.baseUrl() + MCP_PATH;
    }

    String resourceMetadataUrl() {
        return jetty.baseUrl() + METADATA_PATH;
    }

    /** Serves MCP behind token validation against {@code keycloak}'s realm. */
    void start(KeycloakServer keycloak) {
        HttpServletStreamableServerTransportProvider transport =
                HttpServletStreamableServerTransportProvider.builder().mcpEndpoint(MCP_PATH).build();
        mcp = McpServer.sync(transport).serverInfo("keycloak-protected-mcp", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(List.of(echo())).build();
        issuer.set(keycloak.issuer());
        bearer = new JwtBearerFilter(issuer::get, audience::get, resourceMetadataUrl());
        JsonMapper json = JsonMapper.builder().build();

        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(bearer);
        filter.setAsyncSupported(true);
        context.addFilter(filter, MCP_PATH, EnumSet.of(DispatcherType.REQUEST));
        ServletHolder holder = new ServletHolder("mcp", transport);
        holder.setAsyncSupported(true);
        context.addServlet(holder, MCP_PATH);
        context.addServlet(new ServletHolder("metadata", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setContentType("application/json");
                // the filter checks DPoP proofs: saying so lets the client bind its tokens (RFC 9728 section 2)
                response.getWriter().write(json.writeValueAsString(Map.of("resource", url(),
                        "authorization_servers", List.of(issuer.get()), "bearer_methods_supported", List.of("header"),
                        "dpop_signing_alg_values_supported", List.of("ES256", "PS256", "RS256"))));
            }
        }), METADATA_PATH);
        jetty.start(context);
    }

    /**
     * Moves the server to another authorization server: its metadata names {@code issuer} from now on,
     * and only that realm's tokens are accepted (RFC 9728 section 3; MCP SEP-2352, a migration).
     */
    void trust(String value) {
        issuer.set(value);
    }

    /** Makes the server demand another {@code aud} than its own URL (a misconfigured realm, as seen from here). */
    void requireAudience(String value) {
        audience.set(value);
    }

    /** Claims of every token the server accepted, in arrival order. */
    List<JWTClaimsSet> acceptedTokens() {
        return bearer.accepted();
    }

    private static SyncToolSpecification echo() {
        McpSchema.Tool tool = McpSchema.Tool.builder("echo", Map.of("type", "object",
                        "properties", Map.of("text", Map.of("type", "string")), "required", List.of("text")))
                .description("Echoes the text back").build();
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) ->
                McpSchema.CallToolResult.builder()
                        .addTextContent(String.valueOf(request.arguments().get("text"))).isError(false).build())
                .build();
    }

    @Override
    public void close() {
        try {
            if (mcp != null) {
                mcp.getAsyncServer().closeGracefully().block(Duration.ofSeconds(3));
            }
        } catch (RuntimeException e) {
            mcp.close();
        } finally {
            jetty.close();
        }
    }
}
