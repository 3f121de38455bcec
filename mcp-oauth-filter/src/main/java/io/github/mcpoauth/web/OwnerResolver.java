package io.github.mcpoauth.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whose servers a request acts on ({@code mcp.oauth.owner} set to a class name that
 * implements this, with a public no-argument constructor). Every server, token and pending
 * authorization belongs to exactly one owner.
 */
@FunctionalInterface
public interface OwnerResolver {

    /** The request's owner, or null when it has none (the API then answers 401). */
    String resolveOwner(HttpServletRequest request);
}
