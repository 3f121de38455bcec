package io.github.mcpoauth.client;

import java.util.List;
import java.util.Map;

/** The immutable state of one connection at one moment; a connection swaps whole snapshots. */
record ServerSnapshot(
        ConnectionState state,
        String authUrl,
        String error,
        String instructions,
        Map<String, Object> capabilities,
        List<Map<String, Object>> tools,
        List<Map<String, Object>> prompts,
        List<Map<String, Object>> resources,
        List<Map<String, Object>> resourceTemplates) {

    static ServerSnapshot initial(ConnectionState state) {
        return new ServerSnapshot(state, null, null, null, Map.of(), List.of(), List.of(), List.of(), List.of());
    }

    ServerSnapshot withState(ConnectionState next) {
        return new ServerSnapshot(next, null, null, instructions, capabilities, tools, prompts, resources,
                resourceTemplates);
    }

    ServerSnapshot authenticating(String url) {
        return authenticating(url, null);
    }

    /** Waiting for the user at {@code url}; {@code reason} says why no authorization without them worked. */
    ServerSnapshot authenticating(String url, String reason) {
        return new ServerSnapshot(ConnectionState.AUTHENTICATING, url, reason, instructions, capabilities, tools,
                prompts, resources, resourceTemplates);
    }

    ServerSnapshot failed(String message) {
        return new ServerSnapshot(ConnectionState.FAILED, null, message, instructions, capabilities, tools, prompts,
                resources, resourceTemplates);
    }

    ServerSnapshot initialized(String serverInstructions, Map<String, Object> serverCapabilities) {
        return new ServerSnapshot(ConnectionState.CONNECTED, null, null, serverInstructions, serverCapabilities,
                tools, prompts, resources, resourceTemplates);
    }

    ServerSnapshot withOfferings(Offerings offerings) {
        return new ServerSnapshot(state, authUrl, error, instructions, capabilities, offerings.tools(),
                offerings.prompts(), offerings.resources(), offerings.resourceTemplates());
    }

    Offerings offerings() {
        return new Offerings(tools, prompts, resources, resourceTemplates);
    }
}
