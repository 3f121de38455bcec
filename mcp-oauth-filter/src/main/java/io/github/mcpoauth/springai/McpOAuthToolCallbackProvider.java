package io.github.mcpoauth.springai;

import io.github.mcpoauth.client.McpClientManager;
import io.github.mcpoauth.client.McpToolFilter;
import io.github.mcpoauth.internal.tools.CatalogTool;
import io.github.mcpoauth.internal.tools.ToolCatalog;
import io.github.mcpoauth.internal.tools.ToolInvoker;
import java.util.Objects;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * One owner's MCP tools for Spring AI: the ready servers' tools, read anew at each
 * {@link #getToolCallbacks()}, named {@code <server>_<tool>} within the model's name rules, each run
 * through {@link McpClientManager#callTool}. A failed call, an MCP error result included, returns
 * {@code Error: ...} text to the model; nothing is thrown into the tool-calling loop.
 *
 * <pre>{@code
 * String answer = chatClient.prompt(question)
 *         .toolCallbacks(McpOAuthToolCallbackProvider.of(manager).getToolCallbacks()).call().content();
 * }</pre>
 */
public final class McpOAuthToolCallbackProvider implements ToolCallbackProvider {

    private final McpClientManager manager;
    private final McpToolFilter filter;

    private McpOAuthToolCallbackProvider(McpClientManager manager, McpToolFilter filter) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    /** Every tool of the manager's owner's ready servers. */
    public static McpOAuthToolCallbackProvider of(McpClientManager manager) {
        return new McpOAuthToolCallbackProvider(manager, McpToolFilter.all());
    }

    /** The same owner's tools, only those {@code filter} includes. */
    public McpOAuthToolCallbackProvider withFilter(McpToolFilter filter) {
        return new McpOAuthToolCallbackProvider(manager, filter);
    }

    @Override
    public ToolCallback[] getToolCallbacks() {
        return ToolCatalog.tools(manager, filter).stream().map(tool -> new Callback(manager, tool))
                .toArray(ToolCallback[]::new);
    }

    private record Callback(McpClientManager manager, CatalogTool tool) implements ToolCallback {

        @Override
        public ToolDefinition getToolDefinition() {
            return ToolDefinition.builder().name(tool.name()).description(tool.description())
                    .inputSchema(ToolInvoker.toJson(tool.inputSchema())).build();
        }

        @Override
        public String call(String toolInput) {
            return ToolInvoker.call(manager, tool, toolInput).text();
        }
    }
}
