package io.github.mcpoauth.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One server in {@link McpServersState}, shaped like the seed's {@code cf_agent_mcp_servers} entry.
 *
 * @param state the {@link ConnectionState#wireName() wire name} the browser reads; {@link #connectionState()} types it
 * @param error sanitized (control characters stripped, at most 500 characters); null unless failed, or
 *     authenticating after enterprise-managed authorization gave no token (then it says why)
 * @param capabilities the server's advertised capabilities as JSON, empty before it initialized
 */
public record ServerView(
        @JsonProperty("name") String name,
        @JsonProperty("server_url") String serverUrl,
        @JsonProperty("auth_url") String authUrl,
        @JsonProperty("state") String state,
        @JsonProperty("error") String error,
        @JsonProperty("instructions") String instructions,
        @JsonProperty("capabilities") Map<String, Object> capabilities) {

    public ServerView {
        capabilities = capabilities == null ? Map.of() : capabilities;
    }

    /** The {@link #state()} as the enum. */
    @JsonIgnore
    public ConnectionState connectionState() {
        return ConnectionState.fromWireName(state);
    }
}
