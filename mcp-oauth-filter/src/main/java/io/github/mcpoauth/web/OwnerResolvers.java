package io.github.mcpoauth.web;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfigException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.UUID;

/**
 * The built-in owner modes of {@code mcp.oauth.owner}. Session owners are prefixed with
 * {@code session:} so that no principal name can collide with a random session owner.
 */
final class OwnerResolvers {

    /** The HTTP session attribute holding the session's owner; the WebSocket handshake reads it. */
    static final String SESSION_ATTRIBUTE = "io.github.mcpoauth.owner";

    private OwnerResolvers() {
    }

    static OwnerResolver create(String mode, ClassLoader loader) {
        switch (mode) {
            case "principal-or-session":
                return r -> r.getUserPrincipal() != null ? r.getUserPrincipal().getName() : sessionOwner(r);
            case "principal":
                return r -> r.getUserPrincipal() == null ? null : r.getUserPrincipal().getName();
            case "session":
                return OwnerResolvers::sessionOwner;
            default:
                break;
        }
        if (mode.startsWith("attribute:") && mode.length() > "attribute:".length()) {
            String name = mode.substring("attribute:".length());
            return r -> r.getAttribute(name) == null ? null : r.getAttribute(name).toString();
        }
        try {
            Class<?> type = Class.forName(mode, true, loader);
            return (OwnerResolver) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw McpOAuthConfigException.forKey(ConfigKey.OWNER, "expected principal-or-session, principal, session, "
                    + "attribute:NAME or the name of a class implementing " + OwnerResolver.class.getName()
                    + " with a public no-argument constructor, got '" + mode + "'");
        }
    }

    /** Whether the mode trusts the container's principal (the handshake then uses it too). */
    static boolean usesPrincipal(String mode) {
        return mode.equals("principal-or-session") || mode.equals("principal");
    }

    private static String sessionOwner(HttpServletRequest request) {
        boolean create = !(request instanceof ExistingSessionOnly);
        HttpSession session = request.getSession(create);
        if (session == null) {
            return null;
        }
        synchronized (session) {
            Object owner = session.getAttribute(SESSION_ATTRIBUTE);
            if (owner == null && create) {
                owner = "session:" + UUID.randomUUID();
                session.setAttribute(SESSION_ATTRIBUTE, owner);
            }
            return owner == null ? null : owner.toString();
        }
    }

    /**
     * The owner {@code resolver} finds in what the request already carries, or null: no HTTP session
     * is created and no session owner is assigned (a resolver asking for a session gets only an
     * existing one). The OAuth callback uses this, because a session it started would set a cookie
     * replacing the app's own when the browser withheld that cookie (SameSite=Strict).
     */
    static String existingOwner(OwnerResolver resolver, HttpServletRequest request) {
        String owner = resolver.resolveOwner(new ExistingSessionOnly(request));
        return owner == null || owner.isBlank() ? null : owner;
    }

    /** A request on which asking for a session never creates one. */
    private static final class ExistingSessionOnly extends HttpServletRequestWrapper {

        ExistingSessionOnly(HttpServletRequest request) {
            super(request);
        }

        @Override
        public HttpSession getSession() {
            return super.getSession(false);
        }

        @Override
        public HttpSession getSession(boolean create) {
            return super.getSession(false);
        }
    }

    /**
     * Lets a later WebSocket handshake of this browser find an owner resolved some other way (the
     * handshake sees no request attributes, only the HTTP session), creating the session if the app
     * has none yet; skipped once the response is committed and no session can be started.
     */
    static void remember(HttpServletRequest request, String owner) {
        HttpSession session;
        try {
            session = request.getSession(true);
        } catch (IllegalStateException committed) {
            return;
        }
        if (session != null && !owner.equals(session.getAttribute(SESSION_ATTRIBUTE))) {
            session.setAttribute(SESSION_ATTRIBUTE, owner);
        }
    }

    /** The owner of a WebSocket handshake, from its principal or its HTTP session; null if none. */
    static String handshakeOwner(String mode, Principal principal, Object httpSession) {
        if (usesPrincipal(mode) && principal != null) {
            return principal.getName();
        }
        if (mode.equals("principal") || !(httpSession instanceof HttpSession session)) {
            return null;
        }
        try {
            Object owner = session.getAttribute(SESSION_ATTRIBUTE);
            return owner == null ? null : owner.toString();
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }

    /**
     * Whether a socket opened for {@code owner} may go on: its HTTP session (if it had one) is still
     * valid and the handshake's rule still gives that owner. Invalidation throws on any access, which
     * counts as signed out.
     */
    static boolean stillHandshakeOwner(String mode, String owner, Principal principal, Object httpSession) {
        if (httpSession instanceof HttpSession session) {
            try {
                session.getAttribute(SESSION_ATTRIBUTE);
            } catch (IllegalStateException invalidated) {
                return false;
            }
        }
        return owner.equals(handshakeOwner(mode, principal, httpSession));
    }

    /**
     * Forgets the owner remembered for the handshake when the resolver found none on a request of
     * this session (the app signed its user out without invalidating the session): its sockets
     * close, and a new handshake finds no owner.
     */
    static void forget(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return;
        }
        try {
            session.removeAttribute(SESSION_ATTRIBUTE);
        } catch (IllegalStateException invalidated) {
            // nothing left to forget
        }
    }
}
