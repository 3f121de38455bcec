package io.github.mcpoauth.internal.tools;

import io.github.mcpoauth.client.McpClientManager;
import io.github.mcpoauth.client.McpServersState;
import io.github.mcpoauth.client.McpToolFilter;
import io.github.mcpoauth.client.ServerView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An owner's tools for a model, read afresh from the manager at each call: only ready servers' tools
 * (the manager's state holds no others), in the order the servers were added, filtered, each under a
 * name of the server's name and the tool's ({@link ToolNames}). Nothing is cached here, so a server
 * added or removed, or a {@code notifications/tools/list_changed}, shows at the next request to the model.
 */
public final class ToolCatalog {

    private ToolCatalog() {
    }

    public static List<CatalogTool> tools(McpClientManager manager, McpToolFilter filter) {
        McpServersState state = manager.getMcpServers();
        ToolNames names = new ToolNames();
        List<CatalogTool> tools = new ArrayList<>();
        for (Map<String, Object> tool : state.tools()) {
            String serverId = text(tool.get("serverId"));
            String toolName = text(tool.get("name"));
            ServerView server = serverId == null ? null : state.servers().get(serverId);
            if (server == null || toolName == null || !filter.include(serverId, server.name(), toolName)) {
                continue;
            }
            tools.add(new CatalogTool(names.assign(server.name(), serverId, toolName), serverId, toolName,
                    describe(tool, toolName), schema(tool.get("inputSchema"))));
        }
        return List.copyOf(tools);
    }

    private static String describe(Map<String, Object> tool, String toolName) {
        String description = text(tool.get("description"));
        String title = text(tool.get("title"));
        return description != null ? description : title != null ? title : toolName;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of("type", "object");
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }
}
