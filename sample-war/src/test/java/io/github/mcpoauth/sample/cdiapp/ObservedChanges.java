package io.github.mcpoauth.sample.cdiapp;

import io.github.mcpoauth.cdi.McpServerStateChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers, per owner, the servers whose state-change events it observed. */
@ApplicationScoped
public class ObservedChanges {

    private final Map<String, Set<String>> servers = new ConcurrentHashMap<>();

    void changed(@Observes McpServerStateChanged change) {
        servers.computeIfAbsent(change.owner(), o -> ConcurrentHashMap.newKeySet()).add(change.serverId());
    }

    public List<String> of(String owner) {
        return List.copyOf(servers.getOrDefault(owner, Set.of()));
    }
}
