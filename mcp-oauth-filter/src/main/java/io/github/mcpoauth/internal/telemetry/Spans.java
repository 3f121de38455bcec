package io.github.mcpoauth.internal.telemetry;

import java.net.URI;

/**
 * The names of the module's spans and attributes. MCP calls follow OpenTelemetry's semantic
 * conventions for MCP (span {@code {mcp.method.name} {target}}, kind client, {@code mcp.method.name},
 * {@code gen_ai.tool.name}, {@code gen_ai.operation.name = execute_tool}, {@code server.address},
 * {@code server.port}); the OAuth steps and the connection attempt have no convention, so they
 * are named here, with attributes of their own under {@code mcp_oauth.}.
 */
public final class Spans {

    /** One connection attempt: address check, initialize, listing what the server offers. */
    public static final String CONNECT = "mcp_oauth.connect";
    /** Starting an authorization: discovery, client identity, the pending flow saved. */
    public static final String AUTHORIZATION_START = "oauth.authorization.start";
    /** RFC 9728 protected resource metadata. */
    public static final String RESOURCE_METADATA = "oauth.discovery.resource_metadata";
    /** RFC 8414 authorization server metadata (or OpenID Connect discovery). */
    public static final String AUTHORIZATION_SERVER_METADATA = "oauth.discovery.authorization_server_metadata";
    /** The application's client at an authorization server: RFC 7591 registration, or the stored one confirmed. */
    public static final String CLIENT_REGISTRATION = "oauth.client_registration";
    /** The callback: state checked and consumed, the code exchanged for tokens (RFC 6749 section 4.1.3). */
    public static final String CODE_EXCHANGE = "oauth.code_exchange";
    /** RFC 6749 section 6. */
    public static final String TOKEN_REFRESH = "oauth.token_refresh";

    public static final String MCP_METHOD = "mcp.method.name";
    public static final String MCP_PROTOCOL_VERSION = "mcp.protocol.version";
    public static final String TOOL_NAME = "gen_ai.tool.name";
    public static final String PROMPT_NAME = "gen_ai.prompt.name";
    public static final String OPERATION = "gen_ai.operation.name";
    public static final String SERVER_ADDRESS = "server.address";
    public static final String SERVER_PORT = "server.port";
    public static final String SERVER_ID = "mcp_oauth.server.id";
    public static final String TRANSPORT = "mcp_oauth.transport";
    public static final String ATTEMPT = "mcp_oauth.attempt";
    public static final String STATE = "mcp_oauth.state";
    public static final String DISCOVERY_CACHED = "mcp_oauth.discovery.cached";

    private Spans() {
    }

    /**
     * {@code server.address} and {@code server.port} of {@code url} on {@code trace}: host and port
     * only, since a path or query may carry what is not ours to export.
     */
    public static Trace server(Trace trace, URI url) {
        if (url == null || url.getHost() == null) {
            return trace;
        }
        int port = url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return trace.set(SERVER_ADDRESS, url.getHost()).set(SERVER_PORT, port);
    }

    /** A client span for the MCP request {@code method}, named as the conventions say. */
    public static Trace mcpCall(Trace parent, String method, String target, URI server) {
        Trace call = parent.child(target == null ? method : method + " " + target, Trace.SpanKind.CLIENT)
                .set(MCP_METHOD, method);
        return server(call, server);
    }
}
