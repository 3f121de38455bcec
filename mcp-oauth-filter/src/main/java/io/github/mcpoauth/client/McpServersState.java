package io.github.mcpoauth.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * An owner's servers and everything they offer: the {@code mcp} object of the seed's
 * {@code cf_agent_mcp_servers} message. Tools, prompts, resources and resource templates are the
 * MCP objects as JSON, each with the {@code serverId} it came from. {@code elicitations} are the
 * servers' questions waiting for this owner's answer (empty when an {@link ElicitationHandler}
 * answers them), oldest first.
 */
public record McpServersState(
        @JsonProperty("servers") Map<String, ServerView> servers,
        @JsonProperty("tools") List<Map<String, Object>> tools,
        @JsonProperty("prompts") List<Map<String, Object>> prompts,
        @JsonProperty("resources") List<Map<String, Object>> resources,
        @JsonProperty("resourceTemplates") List<Map<String, Object>> resourceTemplates,
        @JsonProperty("elicitations") List<PendingElicitation> elicitations) {

    public McpServersState {
        servers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(servers));
        tools = List.copyOf(tools);
        prompts = List.copyOf(prompts);
        resources = List.copyOf(resources);
        resourceTemplates = List.copyOf(resourceTemplates);
        elicitations = elicitations == null ? List.of() : List.copyOf(elicitations);
    }

    /** A state without pending elicitations. */
    public McpServersState(Map<String, ServerView> servers, List<Map<String, Object>> tools,
            List<Map<String, Object>> prompts, List<Map<String, Object>> resources,
            List<Map<String, Object>> resourceTemplates) {
        this(servers, tools, prompts, resources, resourceTemplates, List.of());
    }
}
