package io.github.mcpoauth.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * A server's {@code elicitation/create} request (MCP 2025-11-25 "Elicitation") waiting for its
 * owner's answer: one entry of {@link McpServersState#elicitations()}. Form mode carries the
 * {@code requestedSchema}; URL mode the full {@code url} (already checked: https, or http on
 * loopback when loopback is allowed) and the server's {@code elicitationId}. A client shows the URL
 * and opens it only when the user chooses to, never on its own.
 *
 * @param id this module's id of the request, what an answer names; not the server's elicitationId
 * @param mode {@code form} or {@code url}
 * @param expiresAt when it is answered {@code cancel} unless answered before (mcp.oauth.elicitation-timeout)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PendingElicitation(
        @JsonProperty("id") String id,
        @JsonProperty("serverId") String serverId,
        @JsonProperty("mode") String mode,
        @JsonProperty("message") String message,
        @JsonProperty("requestedSchema") Map<String, Object> requestedSchema,
        @JsonProperty("url") String url,
        @JsonProperty("elicitationId") String elicitationId,
        @JsonProperty("createdAt") Instant createdAt,
        @JsonProperty("expiresAt") Instant expiresAt) {

    public static final String FORM = "form";
    public static final String URL = "url";
}
