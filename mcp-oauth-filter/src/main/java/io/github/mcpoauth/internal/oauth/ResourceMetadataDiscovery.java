package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import net.minidev.json.JSONArray;
import net.minidev.json.JSONObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a server's protected resource metadata (RFC 9728 sections 3 and 5): the
 * {@code resource_metadata} URL of the challenge, then the path-based and root well-known URLs.
 * The first 200 with a JSON object wins; its {@code resource} must match the server URL.
 * Empty when no candidate has a document (a 2025-03-26 server).
 */
final class ResourceMetadataDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceMetadataDiscovery.class);

    private final OAuthHttp http;

    ResourceMetadataDiscovery(OAuthHttp http) {
        this.http = http;
    }

    CompletableFuture<Optional<ProtectedResource>> discover(URI serverUrl, URI fromChallenge) {
        return firstDocument(WellKnownUrls.protectedResourceCandidates(serverUrl, fromChallenge).iterator())
                .thenApply(found -> found.map(doc -> validate(serverUrl, doc)));
    }

    private CompletableFuture<Optional<Document>> firstDocument(Iterator<URI> candidates) {
        if (!candidates.hasNext()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        URI url = candidates.next();
        return http.getJsonObject(url).thenCompose(json -> {
            if (json.isPresent()) {
                return CompletableFuture.completedFuture(Optional.of(new Document(url, json.get())));
            }
            LOG.debug("No protected resource metadata at {}", url);
            return firstDocument(candidates);
        });
    }

    private static ProtectedResource validate(URI serverUrl, Document doc) {
        URI resource = uriOrNull(doc.json().get("resource"));
        if (resource == null || !WellKnownUrls.resourceMatches(resource, serverUrl)) {
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize("The protected resource metadata at "
                    + doc.url() + " names resource " + doc.json().get("resource")
                    + ", which does not match the server URL " + serverUrl));
        }
        List<URI> servers = new ArrayList<>();
        for (Object entry : arrayOf(doc.json().get("authorization_servers"))) {
            URI uri = uriOrNull(entry);
            if (uri != null && WellKnownUrls.isHttp(uri)) {
                servers.add(uri);
            }
        }
        if (servers.isEmpty()) {
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize("The protected resource metadata at "
                    + doc.url() + " names no authorization server"));
        }
        List<String> scopes = new ArrayList<>();
        for (Object scope : arrayOf(doc.json().get("scopes_supported"))) {
            if (scope instanceof String s && !s.isBlank()) {
                scopes.add(s.strip());
            }
        }
        boolean acceptsDpop = !arrayOf(doc.json().get("dpop_signing_alg_values_supported")).isEmpty()
                || Boolean.TRUE.equals(doc.json().get("dpop_bound_access_tokens_required"));
        return new ProtectedResource(doc.url(), resource, servers, scopes, acceptsDpop);
    }

    private static List<?> arrayOf(Object value) {
        return value instanceof JSONArray array ? array : List.of();
    }

    private static URI uriOrNull(Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(s.strip());
            return uri.isAbsolute() && uri.getHost() != null ? uri : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private record Document(URI url, JSONObject json) {
    }
}
