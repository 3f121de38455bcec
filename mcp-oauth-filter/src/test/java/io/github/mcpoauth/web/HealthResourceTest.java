package io.github.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.mcpoauth.client.ConnectionState;
import io.github.mcpoauth.client.McpHealth;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The health summary's HTTP answer: 200 and "ok" while the store answers, 503 and "unavailable" with the outage start when not. */
class HealthResourceTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    @Test
    void anUnreachableStoreIs503WithWhenTheOutageStarted() {
        McpHealth down = new McpHealth(NOW, false, Optional.of(NOW.minusSeconds(90)),
                Map.of(ConnectionState.READY, 2), 1, 3, Optional.of(NOW.minusSeconds(5)), 1, 4);
        assertEquals(503, HealthResource.status(down));
        Map<String, Object> body = HealthResource.body(down);
        assertEquals("unavailable", body.get("status"));
        assertEquals("2026-12-02T07:58:30Z", ((Map<?, ?>) body.get("store")).get("unavailableSince"));
        assertEquals(2, ((Map<?, ?>) body.get("servers")).get("ready"));
        assertEquals(0, ((Map<?, ?>) body.get("servers")).get("failed"));
        assertEquals(2, ((Map<?, ?>) body.get("servers")).get("total"));
        assertEquals(3L, ((Map<?, ?>) body.get("refreshFailures")).get("count"));
        assertEquals("2026-12-02T07:59:55Z", ((Map<?, ?>) body.get("refreshFailures")).get("last"));
        assertEquals(Map.of("inFlight", 1, "queued", 4), body.get("connectionAttempts"));
    }

    @Test
    void aReachableStoreIs200WhateverTheServersDo() {
        McpHealth up = new McpHealth(NOW, true, Optional.empty(), Map.of(ConnectionState.FAILED, 5), 5, 9,
                Optional.of(NOW), 0, 0);
        assertEquals(200, HealthResource.status(up));
        assertEquals("ok", HealthResource.body(up).get("status"));
    }
}
