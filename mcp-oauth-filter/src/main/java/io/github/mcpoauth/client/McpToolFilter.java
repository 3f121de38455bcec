package io.github.mcpoauth.client;

/**
 * Which of an owner's MCP tools an LLM tool bridge offers to the model. Evaluated at every request to
 * the model, so it may depend on state that changes; it must not block.
 */
@FunctionalInterface
public interface McpToolFilter {

    /**
     * @param serverId the server's id, as {@link McpClientManager#addMcpServer} answered it
     * @param serverName the name the server was added with
     * @param toolName the tool's own MCP name
     * @return whether the model is offered this tool
     */
    boolean include(String serverId, String serverName, String toolName);

    /** Every tool of every ready server. */
    static McpToolFilter all() {
        return (serverId, serverName, toolName) -> true;
    }
}
