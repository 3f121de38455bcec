package io.github.mcpoauth.internal;

import java.util.Objects;

/**
 * One owner's server: a server id is unique only within its owner. The key of the client's
 * connections, of single-flight refreshes and cached discovery, and of the in-memory stores.
 */
public record ServerKey(String owner, String serverId) {

    public ServerKey {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(serverId, "serverId");
    }
}
