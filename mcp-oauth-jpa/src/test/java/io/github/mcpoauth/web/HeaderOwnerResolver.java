package io.github.mcpoauth.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The test app's owner: the {@code X-Test-User} header. Session owners end with their HTTP session,
 * by design, so a restart test needs owners that outlive the container, as signed-in users do.
 */
public final class HeaderOwnerResolver implements OwnerResolver {

    @Override
    public String resolveOwner(HttpServletRequest request) {
        return request.getHeader("X-Test-User");
    }
}
