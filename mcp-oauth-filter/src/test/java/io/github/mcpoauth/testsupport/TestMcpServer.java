package io.github.mcpoauth.testsupport;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * An MCP server for tests, built with the MCP Java SDK server API and its servlet transports, on
 * {@code http://127.0.0.1:<port>}. It offers {@link TestMcpFeatures}, instructions, and
 * tools/prompts/resources capabilities with {@code listChanged}.
 *
 * <p>{@link Transport#STREAMABLE_HTTP}: {@link #url()} is {@code <origin>/mcp}.
 * {@link Transport#SSE}: {@link #url()} is {@code <origin>/sse} (the SSE stream; messages go to
 * {@code <origin>/message?sessionId=...} as the endpoint event says); a POST to {@code /sse} or to
 * {@code /mcp} answers 404, so a client in transport auto mode given {@link #url()} must fall back to SSE.
 *
 * <p>With {@link Builder#protectedBy(TestAuthorizationServer)}, the transport paths need a bearer
 * token from that server, and RFC 9728 metadata is served (by default at
 * {@code /.well-known/oauth-protected-resource/mcp}, or {@code .../sse}) with {@code resource} =
 * {@link #url()} and {@code authorization_servers} = [issuer].
 */
public final class TestMcpServer implements AutoCloseable {

    /** Which SDK servlet transport serves MCP. */
    public enum Transport {
        STREAMABLE_HTTP,
        SSE
    }

    /** Where the protected resource metadata is served, for an MCP path {@code /mcp}. */
    public enum MetadataLocation {
        /** {@code /.well-known/oauth-protected-resource/mcp}. */
        PATH_SUFFIXED,
        /** {@code /.well-known/oauth-protected-resource}. */
        ROOT,
        /** Nowhere. */
        NONE
    }

    /** How a server protected by an AS that offers DPoP shows clients whether it takes DPoP-bound tokens. */
    public enum DpopSupport {
        /** Challenges with the {@code DPoP} scheme (RFC 9449 section 7.1); its metadata says nothing of DPoP. */
        CHALLENGE,
        /** Lists {@code dpop_signing_alg_values_supported} in its metadata (RFC 9728 section 2); challenges with {@code Bearer}. */
        METADATA,
        /** Takes DPoP-bound tokens but says nothing of DPoP: challenges with {@code Bearer}. */
        SILENT,
        /** Knows only {@code Bearer}: challenges with it, says nothing of DPoP, refuses the {@code DPoP} scheme. */
        BEARER_ONLY
    }

    private static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

    private final EmbeddedJetty jetty;
    private final McpSyncServer mcp;
    private final Transport transport;
    private final String url;
    private final String resourceMetadataUrl;
    private final McpRequestRecorder recorder;
    private final AtomicInteger resourceMetadataRequests;
    private final AtomicReference<Set<String>> requiredScopes;

    private TestMcpServer(EmbeddedJetty jetty, McpSyncServer mcp, Transport transport, String url,
            String resourceMetadataUrl, McpRequestRecorder recorder, AtomicInteger resourceMetadataRequests,
            AtomicReference<Set<String>> requiredScopes) {
        this.jetty = jetty;
        this.mcp = mcp;
        this.transport = transport;
        this.url = url;
        this.resourceMetadataUrl = resourceMetadataUrl;
        this.recorder = recorder;
        this.resourceMetadataRequests = resourceMetadataRequests;
        this.requiredScopes = requiredScopes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The URL a client connects to: {@code <origin>/mcp}, or {@code <origin>/sse} for {@link Transport#SSE}. */
    public String url() {
        return url;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String origin() {
        return jetty.baseUrl();
    }

    public Transport transport() {
        return transport;
    }

    /** Where the protected resource metadata is served; empty when unprotected or not served. */
    public Optional<String> resourceMetadataUrl() {
        return Optional.ofNullable(resourceMetadataUrl);
    }

    /** Adds a tool named {@code name} (answers "&lt;name&gt; called") and notifies clients: tools/list_changed. */
    public void addTool(String name) {
        mcp.addTool(TestMcpFeatures.dynamicTool(name));
    }

    /** Adds a tool of the test's own making and notifies clients: tools/list_changed. */
    public void addTool(io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification tool) {
        mcp.addTool(tool);
    }

    /** Removes a tool and notifies clients. */
    public void removeTool(String name) {
        mcp.removeTool(name);
    }

    /** Replaces the scopes a token must carry (protected servers only); none to require none. */
    public void requireScopes(String... scopes) {
        requiredScopes.set(Set.copyOf(new LinkedHashSet<>(List.of(scopes))));
    }

    /** HTTP requests that reached the MCP transport paths, rejected ones included. */
    public int mcpRequestCount() {
        return recorder.requestCount();
    }

    /** Every {@code Authorization} header the MCP transport paths received, in arrival order. */
    public List<String> authorizationHeaders() {
        return recorder.authorizationHeaders();
    }

    /**
     * GET streams (SSE) currently held open by the transport. A stream counts until the server ends it
     * or notices it is gone, which for a client that just disconnects is only at the next write.
     */
    public int openStreamCount() {
        return recorder.openStreamCount();
    }

    public int resourceMetadataRequestCount() {
        return resourceMetadataRequests.get();
    }

    @Override
    public void close() {
        try {
            mcp.getAsyncServer().closeGracefully().block(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            mcp.close();
        } finally {
            jetty.close();
        }
    }

    /** Options of a {@link TestMcpServer}; every one has a usable default. */
    public static final class Builder {

        private Transport transport = Transport.STREAMABLE_HTTP;
        private TestAuthorizationServer authorizationServer;
        private Set<String> requiredScopes = Set.of();
        private List<String> scopesSupported = List.of();
        private String instructions = "A test MCP server. Try the echo tool.";
        private String serverName = "test-mcp-server";
        private MetadataLocation metadataLocation = MetadataLocation.PATH_SUFFIXED;
        private boolean resourceMetadataInChallenge = true;
        private String advertisedResource;
        private DpopSupport dpopSupport = DpopSupport.CHALLENGE;
        private final List<Filter> filters = new java.util.ArrayList<>();

        private Builder() {
        }

        /** Default {@link Transport#STREAMABLE_HTTP}. */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** Requires bearer tokens issued by {@code authorizationServer} (which must be started). */
        public Builder protectedBy(TestAuthorizationServer authorizationServer) {
            this.authorizationServer = Objects.requireNonNull(authorizationServer, "authorizationServer");
            return this;
        }

        /** Scopes every token must carry; named in the challenges' {@code scope}. Default none. */
        public Builder requiredScopes(String... scopes) {
            this.requiredScopes = Set.copyOf(new LinkedHashSet<>(List.of(scopes)));
            return this;
        }

        /** {@code scopes_supported} in the protected resource metadata. Default none (left out). */
        public Builder scopesSupported(String... scopes) {
            this.scopesSupported = List.of(scopes);
            return this;
        }

        public Builder instructions(String instructions) {
            this.instructions = instructions;
            return this;
        }

        public Builder serverName(String serverName) {
            this.serverName = Objects.requireNonNull(serverName, "serverName");
            return this;
        }

        public Builder metadataLocation(MetadataLocation location) {
            this.metadataLocation = Objects.requireNonNull(location, "location");
            return this;
        }

        /** Whether 401/403 challenges carry {@code resource_metadata} (default true). */
        public Builder resourceMetadataInChallenge(boolean include) {
            this.resourceMetadataInChallenge = include;
            return this;
        }

        /** A {@code resource} for the metadata that differs from {@link #url()} (to test the check). */
        public Builder advertisedResource(String resource) {
            this.advertisedResource = resource;
            return this;
        }

        /** How the server signals DPoP support when its AS offers DPoP; default {@link DpopSupport#CHALLENGE}. */
        public Builder dpopSupport(DpopSupport support) {
            this.dpopSupport = Objects.requireNonNull(support, "support");
            return this;
        }

        /** A filter in front of the MCP transport paths, ahead of all others: to watch or slow requests. */
        public Builder filter(Filter filter) {
            filters.add(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /** Starts the server; bounded by {@link EmbeddedJetty#START_TIMEOUT}. */
        public TestMcpServer start() {
            EmbeddedJetty jetty = EmbeddedJetty.bind();
            try {
                return start(jetty);
            } catch (RuntimeException e) {
                jetty.close();
                throw e;
            }
        }

        private TestMcpServer start(EmbeddedJetty jetty) {
            boolean sse = transport == Transport.SSE;
            String mcpPath = sse ? "/sse" : "/mcp";
            List<String> transportPaths = sse ? List.of("/sse", "/message") : List.of("/mcp");
            String url = jetty.baseUrl() + mcpPath;
            String metadataPath = metadataPath(mcpPath);
            String metadataUrl = authorizationServer == null || metadataPath == null
                    ? null : jetty.baseUrl() + metadataPath;

            McpEndpoint endpoint = sse ? sseEndpoint() : streamableEndpoint(mcpPath);
            McpRequestRecorder recorder = new McpRequestRecorder();
            AtomicInteger metadataRequests = new AtomicInteger();
            AtomicReference<Set<String>> scopes = new AtomicReference<>(requiredScopes);

            ServletContextHandler context = new ServletContextHandler("/");
            filters.forEach(f -> addFilter(context, f, transportPaths));
            addFilter(context, recorder, transportPaths);
            if (authorizationServer != null) {
                String challengeMetadataUrl = resourceMetadataInChallenge ? metadataUrl : null;
                addFilter(context, new BearerTokenFilter(authorizationServer, url, challengeMetadataUrl, scopes::get,
                        dpopSupport),
                        transportPaths);
            }
            if (metadataUrl != null) {
                context.addServlet(new JsonDocumentServlet(resourceMetadata(url), metadataRequests::incrementAndGet),
                        metadataPath);
            }
            ServletHolder holder = new ServletHolder("mcp-transport", endpoint.servlet());
            holder.setAsyncSupported(true);
            transportPaths.forEach(path -> context.addServlet(holder, path));
            context.addServlet(new NotFoundServlet(), "/");
            try {
                jetty.start(context);
            } catch (RuntimeException e) {
                endpoint.server().close();
                throw e;
            }
            return new TestMcpServer(jetty, endpoint.server(), transport, url, metadataUrl, recorder,
                    metadataRequests, scopes);
        }

        private McpEndpoint streamableEndpoint(String mcpPath) {
            HttpServletStreamableServerTransportProvider provider =
                    HttpServletStreamableServerTransportProvider.builder().mcpEndpoint(mcpPath).build();
            return new McpEndpoint(provider, configure(McpServer.sync(provider)));
        }

        // The SDK deprecates its SSE transport (the 2024-11-05 protocol); serving it is what Transport.SSE is for.
        @SuppressWarnings("deprecation")
        private McpEndpoint sseEndpoint() {
            HttpServletSseServerTransportProvider provider = HttpServletSseServerTransportProvider.builder()
                    .sseEndpoint("/sse").messageEndpoint("/message").build();
            return new McpEndpoint(provider, configure(McpServer.sync(provider)));
        }

        private McpSyncServer configure(McpServer.SyncSpecification<?> spec) {
            return spec.serverInfo(serverName, "1.0.0")
                    .instructions(instructions)
                    .capabilities(McpSchema.ServerCapabilities.builder()
                            .tools(true).prompts(true).resources(false, true).build())
                    .tools(TestMcpFeatures.tools())
                    .prompts(TestMcpFeatures.prompts())
                    .resources(TestMcpFeatures.resources())
                    .resourceTemplates(TestMcpFeatures.resourceTemplates())
                    .build();
        }

        private String metadataPath(String mcpPath) {
            return switch (metadataLocation) {
                case PATH_SUFFIXED -> WELL_KNOWN + mcpPath;
                case ROOT -> WELL_KNOWN;
                case NONE -> null;
            };
        }

        private Map<String, Object> resourceMetadata(String url) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("resource", advertisedResource != null ? advertisedResource : url);
            document.put("authorization_servers", List.of(authorizationServer.issuer()));
            if (!scopesSupported.isEmpty()) {
                document.put("scopes_supported", scopesSupported);
            }
            document.put("bearer_methods_supported", List.of("header"));
            if (dpopSupport == DpopSupport.METADATA) {
                document.put("dpop_signing_alg_values_supported", List.of("ES256", "RS256"));
            }
            return document;
        }

        private static void addFilter(ServletContextHandler context, Filter filter, List<String> paths) {
            FilterHolder holder = new FilterHolder(filter);
            holder.setAsyncSupported(true);
            paths.forEach(path -> context.addFilter(holder, path, EnumSet.of(DispatcherType.REQUEST)));
        }

        /** The SDK transport servlet and the MCP server built on it. */
        private record McpEndpoint(HttpServlet servlet, McpSyncServer server) {
        }
    }
}
