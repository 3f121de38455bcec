package io.github.mcpoauth.sample;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few calls the Keycloak test makes on the admin REST API, as Keycloak's bootstrap admin (a
 * password grant on the master realm's {@code admin-cli} client): count the realm's clients, look up,
 * create or delete a client, and end a user's sessions.
 */
final class KeycloakAdmin {

    static final String ADMIN = "admin";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String origin;
    private final String realm;
    private final String password;

    KeycloakAdmin(String origin, String realm, String password) {
        this.origin = origin;
        this.realm = realm;
        this.password = password;
    }

    /** How many clients the realm has: its built-in ones, the resource server's, and every registration. */
    int clientCount() {
        return get("/clients?max=1000").size();
    }

    /** The client registered as {@code clientId}, as the admin API shows it. */
    JsonNode client(String clientId) {
        JsonNode found = get("/clients?clientId=" + encode(clientId));
        if (found.size() != 1) {
            throw new AssertionError("expected one client " + clientId + " but found " + found.size());
        }
        return found.get(0);
    }

    /** Creates a client from its admin representation, as an administrator configuring one would. */
    void createClient(java.util.Map<String, Object> representation) {
        HttpResponse<String> response = send(admin("/clients").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(representation))).build());
        expect(201, response, "creating client " + representation.get("clientId"));
    }

    /** Deletes the client registered as {@code clientId}, as an administrator cleaning up would. */
    void deleteClient(String clientId) {
        String id = client(clientId).get("id").asString();
        expect(204, send(admin("/clients/" + id).DELETE().build()), "deleting " + clientId);
    }

    /**
     * Ends every session of {@code username} (the admin console's "Sign out"). Keycloak then also
     * refuses refresh tokens issued before, offline ones included ("Stale token").
     */
    void logout(String username) {
        String id = get("/users?exact=true&username=" + encode(username)).get(0).get("id").asString();
        expect(204, send(admin("/users/" + id + "/logout").POST(HttpRequest.BodyPublishers.noBody()).build()),
                "logout of " + username);
    }

    /** What an RFC 7592 read answered: the status, and the registration access token it carried, or null. */
    record RegistrationRead(int status, String registrationAccessToken) {
    }

    /**
     * Reads a registration as its client does (RFC 7592 section 2.1, with the registration access
     * token, not as the admin), to see whether Keycloak accepts the token and issues a new one.
     */
    RegistrationRead readRegistration(String registrationClientUri, String registrationAccessToken) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(registrationClientUri)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + registrationAccessToken).GET().build());
        if (response.statusCode() != 200) {
            return new RegistrationRead(response.statusCode(), null);
        }
        JsonNode answer = JSON.readTree(response.body());
        return new RegistrationRead(200, answer.has("registration_access_token")
                ? answer.get("registration_access_token").asString() : null);
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = send(admin(path).GET().build());
        expect(200, response, "GET " + path);
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(URI.create(origin + "/admin/realms/" + realm + path))
                .timeout(TIMEOUT).header("Authorization", "Bearer " + token());
    }

    private String token() {
        String form = "grant_type=password&client_id=admin-cli&username=" + encode(ADMIN) + "&password=" + encode(password);
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create(origin + "/realms/master/protocol/openid-connect/token"))
                .timeout(TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        expect(200, response, "the admin token");
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + request.uri(), e);
        }
    }

    private static void expect(int status, HttpResponse<String> response, String what) {
        if (response.statusCode() != status) {
            throw new AssertionError(what + ": expected " + status + " but got " + response.statusCode() + ": "
                    + response.body());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
