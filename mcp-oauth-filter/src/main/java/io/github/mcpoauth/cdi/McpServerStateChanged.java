package io.github.mcpoauth.cdi;

import java.util.Objects;

/**
 * Fired (synchronously, {@code @Observes}) whenever one of {@code owner}'s servers changes state,
 * tools, prompts or resources, as {@link io.github.mcpoauth.client.ServerStateListener} is told.
 * It carries only who and which: the observer reads what it needs from
 * {@code service.manager(owner)}. Observers run on the module's own threads, outside any request,
 * and must return quickly.
 */
public record McpServerStateChanged(String owner, String serverId) {

    public McpServerStateChanged {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(serverId, "serverId");
    }
}
