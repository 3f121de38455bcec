package io.github.mcpoauth.testsupport;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Dynamic Client Registration (RFC 7591): requires {@code redirect_uris}; the
 * {@code token_endpoint_auth_method} (default {@code client_secret_basic}) must be one the server
 * advertises; {@code private_key_jwt} needs an inline {@code jwks}. Answers 201 with the metadata,
 * {@code client_id}, for secret methods {@code client_secret}, and the RFC 7592
 * {@code registration_access_token} and {@code registration_client_uri}, where a GET with that
 * token reads the client (200, as {@link RegistrationReads} says) and a DELETE forgets it (204);
 * both answer 401 for a wrong token or an unknown client (RFC 7592 section 2).
 */
final class RegistrationServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ClientRegistry clients;
    private final transient AuthorizationServerRecorder recorder;
    private final transient List<String> authMethods;
    private final transient Clock clock;
    private final transient RegistrationReads reads;

    RegistrationServlet(ClientRegistry clients, AuthorizationServerRecorder recorder, List<String> authMethods,
            Clock clock, RegistrationReads reads) {
        this.reads = reads;
        this.clients = clients;
        this.recorder = recorder;
        this.authMethods = List.copyOf(authMethods);
        this.clock = clock;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> metadata;
        try {
            metadata = new LinkedHashMap<>(Json.parseObject(request.getInputStream()));
        } catch (IllegalArgumentException e) {
            new OAuthErrorException(400, "invalid_client_metadata", "the body is not a JSON object").writeTo(response);
            return;
        }
        recorder.registration(Map.copyOf(withoutNulls(metadata)));
        try {
            KnownClient client = register(withoutNulls(metadata));
            Json.send(response, 201, answer(client, request.getRequestURL().toString()));
        } catch (OAuthErrorException e) {
            e.writeTo(response);
        }
    }

    private KnownClient register(Map<String, Object> metadata) throws OAuthErrorException {
        List<String> redirectUris;
        try {
            redirectUris = Json.stringList(metadata.get("redirect_uris"), "redirect_uris");
        } catch (IllegalArgumentException e) {
            throw new OAuthErrorException(400, "invalid_redirect_uri", e.getMessage());
        }
        if (redirectUris.isEmpty()) {
            throw new OAuthErrorException(400, "invalid_redirect_uri", "redirect_uris must not be empty");
        }
        Object method = metadata.getOrDefault("token_endpoint_auth_method", KnownClient.CLIENT_SECRET_BASIC);
        if (!authMethods.contains(method)) {
            throw new OAuthErrorException(400, "invalid_client_metadata",
                    "token_endpoint_auth_method " + method + " is not supported");
        }
        if (KnownClient.PRIVATE_KEY_JWT.equals(method) && !(metadata.get("jwks") instanceof Map)) {
            throw new OAuthErrorException(400, "invalid_client_metadata", "private_key_jwt needs an inline jwks");
        }
        metadata.put("token_endpoint_auth_method", method);
        return clients.register((String) method, redirectUris, metadata);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int failure;
        try {
            failure = reads.arrived();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = 503;
        }
        if (failure != 0) {
            response.setStatus(failure);
            response.setContentType("text/plain");
            response.getWriter().write("registration read failed (test)");
            return;
        }
        String clientId = authorizedClient(request, response);
        if (clientId != null) {
            if (reads.rotating()) {
                clients.rotateRegistrationToken(clientId);
            }
            String endpoint = request.getRequestURL().toString();
            Json.send(response, 200, answer(clients.known(clientId),
                    endpoint.substring(0, endpoint.lastIndexOf('/'))));
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String clientId = authorizedClient(request, response);
        if (clientId != null) {
            clients.delete(clientId);
            response.setStatus(204);
        }
    }

    /** The client whose configuration endpoint was called with its registration access token, else null after a 401. */
    private String authorizedClient(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String clientId = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        String token = clients.registrationToken(clientId);
        if (token == null || !("Bearer " + token).equals(request.getHeader("Authorization"))) {
            new OAuthErrorException(401, "invalid_token", "unknown client or wrong registration access token")
                    .writeTo(response);
            return null;
        }
        return clientId;
    }

    private Map<String, Object> answer(KnownClient client, String registrationEndpoint) {
        Map<String, Object> body = new LinkedHashMap<>(client.metadata());
        body.put("client_id", client.clientId());
        body.put("client_id_issued_at", clock.instant().getEpochSecond());
        body.put("registration_access_token", clients.registrationToken(client.clientId()));
        body.put("registration_client_uri", registrationEndpoint + "/" + client.clientId());
        if (client.clientSecret() != null) {
            body.put("client_secret", client.clientSecret());
            body.put("client_secret_expires_at", 0);
        }
        return body;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> metadata) {
        metadata.values().removeIf(value -> value == null);
        return metadata;
    }
}
