package io.github.mcpoauth.oauth;

import java.util.Objects;

/** One owner's server: the unit of single-flight refreshes and of cached discovery. */
record ServerKey(String owner, String serverId) {

    ServerKey {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(serverId, "serverId");
    }
}
