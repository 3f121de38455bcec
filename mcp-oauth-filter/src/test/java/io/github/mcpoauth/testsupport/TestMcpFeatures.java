package io.github.mcpoauth.testsupport;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;

/**
 * The tools, prompt and resources every {@link TestMcpServer} offers.
 *
 * <ul>
 * <li>tool {@code echo} {text} → the text; {@code add} {a, b} → the sum as text; {@code fail} → an
 * error result ({@code isError=true}); runtime tools from {@link #dynamicTool(String)} → "&lt;name&gt; called"</li>
 * <li>prompt {@code greeting} (argument {@code name}) → "Hello, &lt;name&gt;!"</li>
 * <li>resource {@code test://readme} (text/plain, {@link #README_TEXT}); template
 * {@code test://items/{id}} → "Item &lt;id&gt;"</li>
 * </ul>
 */
public final class TestMcpFeatures {

    public static final String README_URI = "test://readme";
    public static final String README_TEXT = "This is the test MCP server.";
    public static final String ITEM_TEMPLATE = "test://items/{id}";
    public static final String FAIL_TEXT = "The fail tool always fails.";

    private static final String ITEM_PREFIX = "test://items/";

    private TestMcpFeatures() {
    }

    static List<SyncToolSpecification> tools() {
        return List.of(echo(), add(), fail());
    }

    static SyncToolSpecification dynamicTool(String name) {
        Tool tool = Tool.builder(name, Map.of("type", "object", "properties", Map.of()))
                .description("A tool added at runtime").build();
        return tool(tool, arguments -> text(name + " called"));
    }

    static List<SyncPromptSpecification> prompts() {
        Prompt greeting = Prompt.builder("greeting").description("Greets someone by name")
                .arguments(List.of(PromptArgument.builder("name").description("Who to greet").required(true).build()))
                .build();
        return List.of(new SyncPromptSpecification(greeting, (exchange, request) -> {
            Object name = request.arguments() == null ? null : request.arguments().get("name");
            String text = "Hello, " + (name == null ? "stranger" : name) + "!";
            PromptMessage message = PromptMessage.builder(McpSchema.Role.USER, TextContent.builder(text).build()).build();
            return GetPromptResult.builder(List.of(message)).description("A friendly greeting").build();
        }));
    }

    static List<SyncResourceSpecification> resources() {
        Resource readme = Resource.builder(README_URI, "readme").description("What this server is")
                .mimeType("text/plain").build();
        return List.of(new SyncResourceSpecification(readme, (exchange, request) -> plainText(request.uri(), README_TEXT)));
    }

    static List<SyncResourceTemplateSpecification> resourceTemplates() {
        ResourceTemplate items = ResourceTemplate.builder(ITEM_TEMPLATE, "item").description("An item by id")
                .mimeType("text/plain").build();
        return List.of(new SyncResourceTemplateSpecification(items, (exchange, request) -> {
            String id = request.uri().startsWith(ITEM_PREFIX) ? request.uri().substring(ITEM_PREFIX.length()) : "";
            return plainText(request.uri(), "Item " + id);
        }));
    }

    private static SyncToolSpecification echo() {
        Tool tool = Tool.builder("echo", Map.of("type", "object",
                "properties", Map.of("text", Map.of("type", "string")),
                "required", List.of("text")))
                .description("Echoes the text back").build();
        return tool(tool, arguments -> text(String.valueOf(arguments.get("text"))));
    }

    private static SyncToolSpecification add() {
        Tool tool = Tool.builder("add", Map.of("type", "object",
                "properties", Map.of("a", Map.of("type", "number"), "b", Map.of("type", "number")),
                "required", List.of("a", "b")))
                .description("Adds two numbers").build();
        return tool(tool, arguments -> {
            BigDecimal sum = new BigDecimal(String.valueOf(arguments.get("a")))
                    .add(new BigDecimal(String.valueOf(arguments.get("b"))));
            return text(sum.stripTrailingZeros().toPlainString());
        });
    }

    private static SyncToolSpecification fail() {
        Tool tool = Tool.builder("fail", Map.of("type", "object", "properties", Map.of()))
                .description("Always returns an error result").build();
        return tool(tool, arguments -> CallToolResult.builder().addTextContent(FAIL_TEXT).isError(true).build());
    }

    private static SyncToolSpecification tool(Tool tool,
            Function<Map<String, Object>, CallToolResult> handler) {
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) ->
                handler.apply(request.arguments() == null ? Map.of() : request.arguments())).build();
    }

    private static ReadResourceResult plainText(String uri, String text) {
        return ReadResourceResult.builder(
                List.of(TextResourceContents.builder(uri, text).mimeType("text/plain").build())).build();
    }

    private static CallToolResult text(String text) {
        return CallToolResult.builder().addTextContent(text).isError(false).build();
    }
}
