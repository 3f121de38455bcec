package io.github.mcpoauth.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A server an owner added, as persisted. Connection state is not stored: it is derived at runtime
 * from the tokens and pending authorizations.
 *
 * @param transport {@code auto}, {@code streamable-http} or {@code sse}
 * @param headers extra HTTP headers sent with every MCP request to this server
 * @param callbackUrl redirect URI override for this server, or null for the configured one
 * @param clientId pre-registered client_id for this server, or null
 * @param clientSecret pre-registered client_secret for this server, or null (encrypted at rest)
 */
public record StoredServer(
        String owner,
        String id,
        String name,
        String url,
        String transport,
        Map<String, String> headers,
        String callbackUrl,
        String clientId,
        String clientSecret,
        Instant createdAt) {

    public StoredServer {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(transport, "transport");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public String toString() {
        return "StoredServer[owner=" + owner + ", id=" + id + ", name=" + name + ", url=" + url + "]";
    }
}
