package io.github.mcpoauth.web.health;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * An app's login reduced to a header, for the health resource's role check: the roles in
 * {@code X-Test-Roles} (comma-separated) are what {@code request.isUserInRole} answers for the
 * filters and servlets after this one, as a container's login would make it answer.
 */
public final class RoleHeaderFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String header = request.getHeader("X-Test-Roles");
        List<String> roles = header == null ? List.of() : List.of(header.split(","));
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public boolean isUserInRole(String role) {
                return roles.contains(role);
            }
        }, response);
    }
}
