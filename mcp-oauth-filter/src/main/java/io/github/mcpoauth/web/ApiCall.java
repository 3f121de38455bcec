package io.github.mcpoauth.web;

import io.github.mcpoauth.client.McpClientManager;
import io.github.mcpoauth.internal.Deadlines;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One routed API request.
 *
 * @param params the path's variable segments, decoded (server id, tool name)
 * @param callbackUrl the OAuth redirect URI to register and use for servers added now
 * @param settleTimeout how long an add or reconnect may take before answering with the current state
 * @param deadlines the service's timeouts
 */
record ApiCall(McpClientManager manager, List<String> params, Map<String, Object> body, URI callbackUrl,
        Duration settleTimeout, Deadlines deadlines) {

    /** {@code future}, completed with null if it has not settled within the settle timeout. */
    <T> CompletableFuture<T> settled(CompletableFuture<T> future) {
        return deadlines.fallbackAfter(future, null, settleTimeout);
    }

    String param(int i) {
        return params.get(i);
    }

    String text(String field, boolean required) {
        Object value = body.get(field);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new ApiError(400, "invalid_request", field + " is required and must be a string");
        }
        return s;
    }
}
