package io.github.mcpoauth.internal.oauth;

import static io.github.mcpoauth.internal.oauth.Fixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.store.TokenSet;
import io.github.mcpoauth.testsupport.Await;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SEP-2352: registrations and tokens belong to the authorization server that issued them. When a
 * server's resource metadata names another AS, the client registers there, the user authorizes
 * again, and nothing of the old AS (client id, secret, tokens) is ever sent to the new one.
 */
class AuthorizationServerMigrationTest {

    private static final List<String> OLD_CREDENTIALS = List.of("dyn-client", "dyn-secret", "at-1", "rt-1", "old-rat");

    private final Fixture f = new Fixture();

    @BeforeEach
    void twoAuthorizationServers() {
        f.registrationHandler = request -> {
            Map<String, Object> body = new LinkedHashMap<>(Fixture.jsonBody(request));
            body.put("client_id", "dyn-client");
            body.put("client_secret", "dyn-secret");
            body.put("registration_access_token", "old-rat");
            body.put("registration_client_uri", f.stub.origin() + "/as/clients/dyn-client");
            return StubServer.json(201, body);
        };
        f.stub.on("/as/clients/dyn-client", r -> StubServer.text(204, null, ""));
        Map<String, Object> second = new LinkedHashMap<>(f.asMetadata);
        second.put("issuer", issuer2());
        second.put("authorization_endpoint", issuer2() + "/authorize");
        second.put("token_endpoint", issuer2() + "/token");
        second.put("registration_endpoint", issuer2() + "/register");
        f.stub.on(WellKnownUrls.AUTHORIZATION_SERVER + "/as2", r -> StubServer.json(200, second));
        f.stub.on("/as2/register", r -> {
            Map<String, Object> body = new LinkedHashMap<>(Fixture.jsonBody(r));
            body.put("client_id", "as2-client");
            body.put("client_secret", "as2-secret");
            return StubServer.json(201, body);
        });
        f.stub.on("/as2/token", r -> StubServer.json(200, Map.of("access_token", "as2-at", "refresh_token", "as2-rt",
                "token_type", "Bearer", "expires_in", 3600)));
    }

    @AfterEach
    void close() {
        f.close();
    }

    private String issuer2() {
        return f.stub.origin() + "/as2";
    }

    @Test
    void aNewAuthorizationServerInTheResourceMetadataGetsItsOwnRegistrationAndNothingOfTheOldOne() {
        f.authorize();
        f.prm.put("authorization_servers", List.of(issuer2()));

        // the server rejects the old AS's token: a 401 for a server authorized before re-reads the metadata
        PendingAuthorization pending = f.begin(new BearerChallenge(401, "invalid_token", null, null));

        assertTrue(pending.authUrl().startsWith(issuer2() + "/authorize?"), pending.authUrl());
        assertEquals("as2-client", Fixture.query(pending.authUrl()).get("client_id"));
        assertEquals(1, f.stub.requestsTo("/as2/register").size());
        assertEquals(issuer2(), f.store.registrations().find(Fixture.OWNER, Fixture.SERVER).orElseThrow().issuer());
        assertEquals(Optional.empty(), f.store.tokens().find(Fixture.OWNER, Fixture.SERVER),
                "the old AS's tokens are gone before anything can refresh them at the new one");
        assertEquals(Optional.empty(), await(f.manager().accessToken(Fixture.OWNER, Fixture.SERVER)));

        TokenSet tokens = Fixture.authorized(f.manager().completeAuthorization(Fixture.OWNER,
                Map.of("code", "as2-code", "state", pending.state(), "iss", issuer2()))).tokens();
        assertEquals("as2-at", tokens.accessToken());
        assertEquals(1, f.stub.requestsTo("/as2/token").size());
        for (StubServer.Request request : f.stub.requests()) {
            if (request.path().startsWith("/as2")) {
                String seen = request.body() + " " + request.header("Authorization") + " " + request.query();
                for (String old : OLD_CREDENTIALS) {
                    assertFalse(seen.contains(old), old + " reached the new AS at " + request.path());
                }
                assertFalse(decodedBasic(request).contains("dyn-client"), "old client id in Basic auth");
            }
        }
        // the old registration served only this server: it is deleted at the old AS
        Await.until(Duration.ofSeconds(5), "the old registration's deletion",
                () -> !f.stub.requestsTo("/as/clients/dyn-client").isEmpty());
        assertEquals("Bearer old-rat", f.stub.requestsTo("/as/clients/dyn-client").get(0).header("Authorization"));
        assertEquals(1, f.stub.requestsTo("/as/register").size());
    }

    @Test
    void aCallbackForTheOldAuthorizationServerIsRefusedOnceTheServerMoved() {
        PendingAuthorization old = f.begin();
        f.prm.put("authorization_servers", List.of(issuer2()));
        f.store.tokens().save(Fixture.OWNER, Fixture.SERVER, new TokenSet("at-1", "rt-1", "Bearer", null, null,
                Fixture.START));
        f.begin(new BearerChallenge(401, "invalid_token", null, null));
        f.store.pendingAuthorizations().save(old);

        Fixture.ended(f.manager().completeAuthorization(Fixture.OWNER,
                Map.of("code", "old-code", "state", old.state(), "iss", f.issuer())),
                io.github.mcpoauth.McpOAuthException.Code.INVALID_CALLBACK);
        assertTrue(f.stub.requestsTo("/as2/token").isEmpty());
        assertTrue(f.stub.requestsTo("/as/token").isEmpty());
    }

    private static String decodedBasic(StubServer.Request request) {
        String header = request.header("Authorization");
        if (header == null || !header.startsWith("Basic ")) {
            return "";
        }
        return new String(java.util.Base64.getDecoder().decode(header.substring(6)), java.nio.charset.StandardCharsets.UTF_8);
    }
}
