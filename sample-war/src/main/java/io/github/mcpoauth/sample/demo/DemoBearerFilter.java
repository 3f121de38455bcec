package io.github.mcpoauth.sample.demo;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Guards the demo MCP endpoint: a request needs a valid access token for this resource in the
 * {@code Authorization} header (RFC 6750 section 2.1). Otherwise it gets 401 with a challenge that
 * names the protected resource metadata (RFC 9728 section 5.1), which is how an MCP client finds
 * the authorization server. The token's grant is handed to the MCP tools as a request attribute.
 */
final class DemoBearerFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    static final String GRANT_ATTRIBUTE = DemoGrant.class.getName();
    private static final String PREFIX = "Bearer ";

    private final transient DemoCredentials credentials;

    DemoBearerFilter(DemoCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        DemoUrls urls = DemoUrls.of(request);
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            challenge(response, urls, "");
            return;
        }
        Optional<DemoGrant> grant = credentials.verifyAccessToken(header.substring(PREFIX.length()).trim(), urls.resource());
        if (grant.isEmpty()) {
            challenge(response, urls, ", error=\"invalid_token\", error_description=\"The access token is invalid or expired\"");
            return;
        }
        request.setAttribute(GRANT_ATTRIBUTE, grant.get());
        chain.doFilter(request, response);
    }

    private static void challenge(HttpServletResponse response, DemoUrls urls, String error) throws IOException {
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", "Bearer resource_metadata=\"" + urls.resourceMetadata()
                + "\", scope=\"" + DemoAuthorizationServer.SCOPE + "\"" + error);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"unauthorized\",\"message\":\"Authorize this client for the demo MCP server\"}");
    }
}
