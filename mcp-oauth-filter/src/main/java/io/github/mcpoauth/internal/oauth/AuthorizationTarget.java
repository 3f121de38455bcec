package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.config.PreRegisteredClient;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The server an authorization is for: whose it is, where it lives, where the authorization server
 * sends the user back to (null for the application's own owners, whose grants need no user), and a
 * client pre-registered for this server, if any.
 */
public record AuthorizationTarget(
        String owner, String serverId, URI serverUrl, URI redirectUri, Optional<PreRegisteredClient> client) {

    public AuthorizationTarget {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(serverUrl, "serverUrl");
        client = client == null ? Optional.empty() : client;
    }
}
