package io.github.mcpoauth.jpa;

import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.store.SharedClient;
import io.github.mcpoauth.store.StoredServer;
import io.github.mcpoauth.store.TokenSet;
import java.time.Instant;
import java.util.Map;

/** Values with every field set, for this module's own tests (the contract suite has its own). */
final class Samples {

    static final Instant T0 = Instant.parse("2026-05-17T08:30:15.123456Z");

    private Samples() {
    }

    static StoredServer server(String owner, String id) {
        return new StoredServer(owner, id, "Server " + id, "https://mcp.example/" + id, "streamable-http",
                Map.of("X-Api-Key", "key-" + id), "https://app.example/cb", "client-" + id, "secret-" + id, T0);
    }

    static TokenSet tokens(String label) {
        return new TokenSet("access-" + label, "refresh-" + label, "DPoP", T0.plusSeconds(3600), "read write", T0,
                "{\"kty\":\"EC\",\"alg\":\"ES256\",\"d\":\"key-" + label + "\"}");
    }

    static ClientRegistration registration(String clientId) {
        return new ClientRegistration("https://as.example", "https://as.example/authorize", "https://as.example/token",
                clientId, "secret-of-" + clientId, "client_secret_basic", "https://app.example/cb", "https://mcp.example/s1", T0);
    }

    static SharedClient registeredClient(String key, String clientId) {
        return new SharedClient(key, "https://as.example", clientId, "secret-of-" + clientId, "client_secret_basic",
                "registration-token-of-" + clientId, "https://as.example/register/" + clientId, T0);
    }

    static PendingAuthorization pending(String state, String owner, String serverId) {
        return new PendingAuthorization(state, owner, serverId, "verifier-" + state, "https://app.example/cb",
                "https://mcp.example/" + serverId, "read", "https://as.example", "https://as.example/authorize?state=" + state,
                1, T0, T0.plusSeconds(600));
    }
}
