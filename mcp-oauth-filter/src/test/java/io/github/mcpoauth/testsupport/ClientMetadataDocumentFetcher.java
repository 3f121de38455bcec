package io.github.mcpoauth.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fetches and checks a Client ID Metadata Document (the client_id is the document's URL). */
final class ClientMetadataDocumentFetcher {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final AuthorizationServerRecorder recorder;

    ClientMetadataDocumentFetcher(AuthorizationServerRecorder recorder) {
        this.recorder = recorder;
    }

    static boolean isDocumentUrl(String clientId) {
        return clientId.startsWith("https://") || clientId.startsWith("http://");
    }

    KnownClient fetch(String clientId) throws OAuthErrorException {
        recorder.metadataDocumentFetched(clientId);
        Map<String, Object> document = download(clientId);
        if (!clientId.equals(document.get("client_id"))) {
            throw invalidClient("the metadata document's client_id is not its URL");
        }
        List<String> redirectUris;
        try {
            redirectUris = Json.stringList(document.get("redirect_uris"), "redirect_uris");
        } catch (IllegalArgumentException e) {
            throw invalidClient(e.getMessage());
        }
        if (redirectUris.isEmpty()) {
            throw invalidClient("the metadata document has no redirect_uris");
        }
        Object method = document.getOrDefault("token_endpoint_auth_method", KnownClient.NONE);
        if (!KnownClient.NONE.equals(method) && !KnownClient.PRIVATE_KEY_JWT.equals(method)) {
            throw invalidClient("a metadata document client cannot use " + method);
        }
        Map<String, Object> metadata = new LinkedHashMap<>(document);
        metadata.values().removeIf(value -> value == null);
        return new KnownClient(clientId, null, (String) method, redirectUris, metadata);
    }

    private Map<String, Object> download(String url) throws OAuthErrorException {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw invalidClient("the metadata document answered " + response.statusCode());
            }
            return Json.parseObject(response.body());
        } catch (IOException | IllegalArgumentException e) {
            throw invalidClient("cannot read the metadata document: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw invalidClient("interrupted while fetching the metadata document");
        }
    }

    private static OAuthErrorException invalidClient(String description) {
        return new OAuthErrorException(400, "invalid_client", description);
    }
}
