package io.github.mcpoauth.web;

import io.github.mcpoauth.internal.ws.HandshakePolicy;
import java.security.Principal;
import java.util.function.Predicate;

/**
 * The web layer's rules applied to a WebSocket handshake: same CSRF origin rule, same owner, and
 * never one of the application's own owners ({@code mcp.oauth.app-owners}).
 */
final class WebHandshakePolicy implements HandshakePolicy {

    private final String ownerMode;
    private final Origins origins;
    private final Predicate<String> appOwner;

    WebHandshakePolicy(String ownerMode, Origins origins, Predicate<String> appOwner) {
        this.ownerMode = ownerMode;
        this.origins = origins;
        this.appOwner = appOwner;
    }

    @Override
    public boolean originAllowed(String origin, String ownOrigin) {
        return origins.allows(origin, ownOrigin);
    }

    @Override
    public boolean originPlausible(String origin) {
        return Origins.normalize(origin) != null;
    }

    @Override
    public String owner(Principal principal, Object httpSession) {
        String owner = OwnerResolvers.handshakeOwner(ownerMode, principal, httpSession);
        return appOwner.test(owner) ? null : owner; // the application's own owners are never a browser's
    }

    @Override
    public boolean stillOwner(String owner, Principal principal, Object httpSession) {
        return OwnerResolvers.stillHandshakeOwner(ownerMode, owner, principal, httpSession);
    }
}
