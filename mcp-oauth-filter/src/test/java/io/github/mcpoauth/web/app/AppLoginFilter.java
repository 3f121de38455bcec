package io.github.mcpoauth.web.app;

import io.github.mcpoauth.web.McpOAuth;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The app's own login, reduced to a header: {@code X-App-User} becomes the request attribute
 * {@code appUser}, which {@code mcp.oauth.owner=attribute:appUser} reads. At startup (filters start
 * after the listeners, so the module's runtime exists) it makes the OAuth callback answer with the
 * app's own page.
 */
public final class AppLoginFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** The request attribute holding the signed-in user. */
    public static final String USER = "appUser";

    @Override
    public void init() {
        McpOAuth.runtime(getServletContext()).configureOAuthCallback(null, null, new AppCallbackPage());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String user = request.getHeader("X-App-User");
        if (user != null && !user.isBlank()) {
            request.setAttribute(USER, user);
        }
        chain.doFilter(request, response);
    }
}
