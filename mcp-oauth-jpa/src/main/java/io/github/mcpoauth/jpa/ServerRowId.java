package io.github.mcpoauth.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.Objects;

/** The key of every per-server row: a server id is unique only within its owner. */
@Embeddable
record ServerRowId(@Column(name = "owner", nullable = false) String owner,
               @Column(name = "server_id", nullable = false) String serverId) {

    ServerRowId {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(serverId, "serverId");
    }
}
