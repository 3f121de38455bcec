package io.github.mcpoauth.web;

import io.github.mcpoauth.internal.ws.HandshakePolicy;
import java.security.Principal;

/** The web layer's rules applied to a WebSocket handshake: same CSRF origin rule, same owner. */
final class WebHandshakePolicy implements HandshakePolicy {

    private final String ownerMode;
    private final Origins origins;

    WebHandshakePolicy(String ownerMode, Origins origins) {
        this.ownerMode = ownerMode;
        this.origins = origins;
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
        return OwnerResolvers.handshakeOwner(ownerMode, principal, httpSession);
    }

    @Override
    public boolean stillOwner(String owner, Principal principal, Object httpSession) {
        return OwnerResolvers.stillHandshakeOwner(ownerMode, owner, principal, httpSession);
    }
}
