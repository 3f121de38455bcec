package io.github.mcpoauth.web;

import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.internal.oauth.ClientMetadataDocument;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Serves this app's Client ID Metadata Document at {@code <path>/client-metadata.json} when the
 * module serves it ({@link McpOAuthConfig#servesClientMetadata()}). The authorization server fetches
 * it with no session, owner or CSRF token: it is public by design and holds nothing secret. It changes
 * only with the configuration, so it may be cached for an hour (the draft lets an AS follow HTTP caching).
 */
final class ClientMetadataResource {

    static final String PATH = "/client-metadata.json";
    private static final String CACHE = "public, max-age=3600";

    private final byte[] document;

    private ClientMetadataResource(byte[] document) {
        this.document = document;
    }

    /** The document to serve, or empty when the configured URL is not one this module serves. */
    static Optional<ClientMetadataResource> of(McpOAuthConfig config) {
        return ClientMetadataDocument.servedJson(config)
                .map(json -> new ClientMetadataResource(json.getBytes(StandardCharsets.UTF_8)));
    }

    void serve(HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setHeader("Cache-Control", CACHE);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(document.length);
        response.getOutputStream().write(document);
    }
}
