package io.github.mcpoauth.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whose servers a request acts on ({@code mcp.oauth.owner} set to a class name that
 * implements this, with a public no-argument constructor). Every server, token and pending
 * authorization belongs to exactly one owner.
 */
@FunctionalInterface
public interface OwnerResolver {

    /**
     * The request's owner, or null when it has none (the API then answers 401). On the OAuth callback
     * the request never creates an HTTP session: {@code getSession()} and {@code getSession(true)}
     * return only an existing one, else null.
     */
    String resolveOwner(HttpServletRequest request);
}
