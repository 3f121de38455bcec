package io.github.mcpoauth.internal.ws;

import java.security.Principal;

/** What the web layer decides about a WebSocket handshake: is its origin allowed, and whose socket is it. */
public interface HandshakePolicy {

    /** Whether {@code origin} may open a socket to an app reached at {@code ownOrigin} (scheme://host[:port]). */
    boolean originAllowed(String origin, String ownOrigin);

    /** Whether {@code origin} could be allowed at all (checked before the Host header is known). */
    boolean originPlausible(String origin);

    /** The owner, from the handshake's principal or HTTP session; null when there is none. */
    String owner(Principal principal, Object httpSession);

    /**
     * Whether a socket opened for {@code owner} with this principal and HTTP session (either may be
     * null) may still receive that owner's state: false once the session was invalidated or no
     * longer names that owner.
     */
    boolean stillOwner(String owner, Principal principal, Object httpSession);
}
