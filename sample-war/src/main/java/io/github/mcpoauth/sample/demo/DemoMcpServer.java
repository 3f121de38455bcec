package io.github.mcpoauth.sample.demo;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import jakarta.servlet.http.HttpServlet;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The demo MCP server: the MCP Java SDK's streamable HTTP servlet transport with four tools, one of
 * which ({@code greet}) asks the user for their name (MCP elicitation, form mode). The
 * bearer filter's verified grant reaches the tools through the SDK's {@link McpTransportContext}
 * (the transport's context extractor), so {@code whoami} can tell who the token was issued to.
 */
final class DemoMcpServer implements AutoCloseable {

    private static final String GRANT = "grant";
    private static final Duration GREET_WAIT = Duration.ofMinutes(5);

    private final SchedulerCapture schedulers = new SchedulerCapture();
    private final HttpServletStreamableServerTransportProvider transport;
    private final McpSyncServer server;

    DemoMcpServer() {
        this.transport = schedulers.build("session-sweeper", () -> HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint(DemoUrls.MCP_PATH)
                .contextExtractor(request -> request.getAttribute(DemoBearerFilter.GRANT_ATTRIBUTE) instanceof DemoGrant g
                        ? McpTransportContext.create(Map.of(GRANT, g)) : McpTransportContext.EMPTY)
                .build());
        this.server = McpServer.sync(transport)
                .serverInfo("mcp-oauth-filter-demo", "1.0.0")
                .instructions("A demo MCP server for evaluating mcp-oauth-filter. Try echo, add, whoami and greet.")
                // greet waits for a person to answer in the dashboard
                .requestTimeout(GREET_WAIT)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(List.of(echo(), add(), whoami(), greet()))
                .build();
    }

    /** The servlet to map at {@link DemoUrls#MCP_PATH} (asynchronous). */
    HttpServlet servlet() {
        return transport;
    }

    /** Closes the sessions, then ends the transport's session sweeper thread. */
    @Override
    public void close() {
        try {
            server.getAsyncServer().closeGracefully().block(Duration.ofSeconds(3));
        } catch (RuntimeException e) {
            server.close();
        } finally {
            schedulers.close();
        }
    }

    private static SyncToolSpecification echo() {
        return tool("echo", "Echoes the text back", Map.of("text", Map.of("type", "string")), List.of("text"),
                (grant, args) -> text(String.valueOf(args.get("text")), false));
    }

    private static SyncToolSpecification add() {
        return tool("add", "Adds two numbers", Map.of("a", Map.of("type", "number"), "b", Map.of("type", "number")),
                List.of("a", "b"), (grant, args) -> {
                    try {
                        BigDecimal sum = new BigDecimal(String.valueOf(args.get("a")))
                                .add(new BigDecimal(String.valueOf(args.get("b"))));
                        return text(sum.stripTrailingZeros().toPlainString(), false);
                    } catch (NumberFormatException e) {
                        return text("a and b must be numbers", true);
                    }
                });
    }

    private static SyncToolSpecification whoami() {
        return tool("whoami", "Tells who the access token was issued to", Map.of(), List.of(),
                (grant, args) -> grant == null ? text("No token", true)
                        : text("You are " + grant.subject() + ", calling through the client \"" + grant.clientName()
                                + "\" with scope " + grant.scope() + ".", false));
    }

    /** Asks for a name with an elicitation and greets whoever answers. */
    private static SyncToolSpecification greet() {
        Tool tool = Tool.builder("greet", Map.of("type", "object", "properties", Map.of()))
                .description("Asks your name, then greets you").build();
        Map<String, Object> properties = new LinkedHashMap<>(); // the form shows them in this order
        properties.put("name", Map.of("type", "string", "title", "Your name", "minLength", 1, "maxLength", 100));
        properties.put("excited", Map.of("type", "boolean", "title", "Excited?", "default", false));
        Map<String, Object> schema = Map.of("type", "object", "required", List.of("name"), "properties", properties);
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
            McpSchema.ElicitResult answer = exchange.createElicitation(
                    McpSchema.ElicitFormRequest.builder("What is your name?", schema).build());
            return switch (answer.action()) {
                case ACCEPT -> text("Hello, " + answer.content().get("name")
                        + (Boolean.TRUE.equals(answer.content().get("excited")) ? "!" : "."), false);
                case DECLINE -> text("You declined to give your name.", false);
                default -> text("No answer.", false);
            };
        }).build();
    }

    private static SyncToolSpecification tool(String name, String description, Map<String, Object> properties,
            List<String> required, BiFunction<DemoGrant, Map<String, Object>, CallToolResult> handler) {
        Tool tool = Tool.builder(name, Map.of("type", "object", "properties", properties, "required", required))
                .description(description).build();
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> handler.apply(
                exchange.transportContext().get(GRANT) instanceof DemoGrant g ? g : null,
                request.arguments() == null ? Map.of() : request.arguments())).build();
    }

    private static CallToolResult text(String text, boolean error) {
        return CallToolResult.builder().addTextContent(text).isError(error).build();
    }
}
