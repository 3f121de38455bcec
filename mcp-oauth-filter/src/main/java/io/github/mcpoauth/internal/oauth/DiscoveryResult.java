package io.github.mcpoauth.internal.oauth;

import java.util.List;
import java.util.Optional;

/**
 * Everything discovery learnt about a server: its protected resource metadata (absent for a
 * 2025-03-26 server), its authorization server, and the RFC 8707 resource indicator to send.
 */
record DiscoveryResult(Optional<ProtectedResource> protectedResource, AuthServer authServer, String resource) {

    List<String> scopesSupported() {
        return protectedResource.map(ProtectedResource::scopesSupported).orElse(List.of());
    }

    /** The resource metadata says the server takes DPoP-bound tokens (RFC 9728 section 2). */
    boolean resourceAcceptsDpop() {
        return protectedResource.map(ProtectedResource::acceptsDpop).orElse(false);
    }
}
