package io.github.mcpoauth.client;

import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.InMemoryMcpStore;
import io.github.mcpoauth.store.McpStore;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A client service over an in-memory store with test-friendly settings, closed after each test. */
final class ClientHarness implements AutoCloseable {

    static final String CALLBACK = "http://127.0.0.1:9/app/mcp-client/callback";

    final McpStore store;
    final McpClientService service;

    ClientHarness(Map<String, String> overrides) {
        this(overrides, Clock.systemUTC());
    }

    ClientHarness(Map<String, String> overrides, Clock clock) {
        this(overrides, clock, new InMemoryMcpStore());
    }

    /** A second service over the same store: what a restart or a second node sees. */
    ClientHarness(Map<String, String> overrides, Clock clock, McpStore store) {
        this.store = store;
        Map<String, String> settings = new HashMap<>();
        settings.put("mcp.oauth.callback-url", CALLBACK);
        settings.put("mcp.oauth.allow-loopback", "true"); // the test servers listen on loopback
        settings.put("mcp.oauth.retry-max-attempts", "2");
        settings.put("mcp.oauth.retry-initial-backoff", "50ms");
        settings.put("mcp.oauth.retry-max-backoff", "100ms");
        settings.put("mcp.oauth.discovery-timeout", "15s");
        settings.put("mcp.oauth.request-timeout", "10s");
        settings.putAll(overrides);
        service = McpClientService.builder().config(McpOAuthConfig.fromMap(settings)).store(store).clock(clock).build();
    }

    static ClientHarness withDefaults() {
        return new ClientHarness(Map.of());
    }

    McpClientManager manager(String owner) {
        return service.manager(owner);
    }

    /** Adds {@code perOwner} servers at {@code url} for each of {@code owners} owners (owner-0, owner-1, ...) without waiting. */
    List<CompletableFuture<AddServerResult>> addServers(int owners, int perOwner, String url) {
        List<CompletableFuture<AddServerResult>> adds = new ArrayList<>();
        for (int o = 0; o < owners; o++) {
            McpClientManager manager = manager("owner-" + o);
            for (int i = 0; i < perOwner; i++) {
                adds.add(manager.addMcpServerAsync("s" + i, url, ServerOptions.defaults()));
            }
        }
        return adds;
    }

    @Override
    public void close() {
        service.close();
    }
}
