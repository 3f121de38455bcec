package io.github.mcpoauth.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import io.github.mcpoauth.client.McpClientManager;
import io.github.mcpoauth.client.McpToolFilter;
import io.github.mcpoauth.internal.tools.CatalogTool;
import io.github.mcpoauth.internal.tools.ToolCatalog;
import io.github.mcpoauth.internal.tools.ToolInvoker;
import io.github.mcpoauth.internal.tools.ToolInvoker.ToolReply;
import java.util.Objects;

/**
 * One owner's MCP tools for LangChain4j's {@code AiServices}: the ready servers' tools, read anew at each
 * request to the model (the provider is dynamic), named {@code <server>_<tool>} within the model's name
 * rules, each run through {@link McpClientManager#callTool}. A failed call, an MCP error result included,
 * reaches the model as an error result, never as an exception in the chat loop.
 *
 * <pre>{@code
 * Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
 *         .toolProvider(McpOAuthToolProvider.of(manager)).build();
 * }</pre>
 */
public final class McpOAuthToolProvider implements ToolProvider {

    private final McpClientManager manager;
    private final McpToolFilter filter;

    private McpOAuthToolProvider(McpClientManager manager, McpToolFilter filter) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    /** Every tool of the manager's owner's ready servers. */
    public static McpOAuthToolProvider of(McpClientManager manager) {
        return new McpOAuthToolProvider(manager, McpToolFilter.all());
    }

    /** The same owner's tools, only those {@code filter} includes. */
    public McpOAuthToolProvider withFilter(McpToolFilter filter) {
        return new McpOAuthToolProvider(manager, filter);
    }

    @Override
    public ToolProviderResult provideTools(ToolProviderRequest request) {
        ToolProviderResult.Builder result = ToolProviderResult.builder();
        for (CatalogTool tool : ToolCatalog.tools(manager, filter)) {
            ToolSpecification specification = ToolSpecification.builder().name(tool.name())
                    .description(tool.description()).parameters(JsonSchemas.parameters(tool.inputSchema())).build();
            result.add(specification, new Executor(manager, tool));
        }
        return result.build();
    }

    /** Tools come and go with the owner's servers, so LangChain4j asks again before each model request. */
    @Override
    public boolean isDynamic() {
        return true;
    }

    private record Executor(McpClientManager manager, CatalogTool tool) implements ToolExecutor {

        @Override
        public String execute(ToolExecutionRequest request, Object memoryId) {
            return ToolInvoker.call(manager, tool, request.arguments()).text();
        }

        @Override
        public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
            ToolReply reply = ToolInvoker.call(manager, tool, request.arguments());
            return ToolExecutionResult.builder().resultText(reply.text()).isError(reply.error()).build();
        }
    }
}
