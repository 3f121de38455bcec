package io.github.mcpoauth.web;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.client.McpClientManager;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

/** The Java entry point for application code; the drop-in itself needs none. */
public final class McpOAuth {

    private McpOAuth() {
    }

    /** The calling owner's manager (see {@code mcp.oauth.owner}). */
    public static McpClientManager forRequest(HttpServletRequest request) {
        return runtime(request.getServletContext()).manager(request);
    }

    /** The application's runtime; fails when the module is disabled or did not start. */
    public static McpOAuthRuntime runtime(ServletContext context) {
        Object runtime = context.getAttribute(McpOAuthRuntime.ATTRIBUTE);
        if (runtime instanceof McpOAuthRuntime r) {
            return r;
        }
        throw new McpOAuthException(McpOAuthException.Code.UNAVAILABLE,
                "mcp-oauth-filter is not running in this application (disabled, or it failed to start)");
    }
}
