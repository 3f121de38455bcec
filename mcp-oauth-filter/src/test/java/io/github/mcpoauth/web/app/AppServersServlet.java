package io.github.mcpoauth.web.app;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.client.AddServerResult;
import io.github.mcpoauth.client.ServerView;
import io.github.mcpoauth.web.McpOAuth;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A page of the app's own that lists the signed-in user's MCP servers through the Java API (GET),
 * and adds one as the README's example does (POST {@code name}, {@code url}; answers its id, state
 * and authorization URL, one a line).
 */
public final class AppServersServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder names = new StringBuilder();
        try {
            for (ServerView server : McpOAuth.forRequest(request).getMcpServers().servers().values()) {
                names.append(server.name()).append('\n');
            }
        } catch (McpOAuthException e) {
            response.sendError(403, e.getMessage());
            return;
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(names.toString());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AddServerResult added;
        try {
            added = McpOAuth.forRequest(request).addMcpServer(request.getParameter("name"), request.getParameter("url"));
        } catch (McpOAuthException e) {
            response.sendError(403, e.getMessage());
            return;
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(added.id() + "\n" + added.state().wireName() + "\n"
                + (added.authUrl() == null ? "" : added.authUrl()) + "\n");
    }
}
