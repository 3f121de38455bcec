package io.github.mcpoauth.internal.oauth;

import static io.github.mcpoauth.internal.oauth.Fixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.config.PreRegisteredClient;
import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The application registers once per authorization server (RFC 7591), shares the registration
 * among owners, deletes it when no server uses it (RFC 7592) and registers again when the AS
 * forgot it.
 */
class SharedRegistrationTest {

    private final Fixture f = new Fixture();
    private final AtomicInteger registrations = new AtomicInteger();
    private volatile CountDownLatch answerRegistration = new CountDownLatch(0);

    @BeforeEach
    void registerWithConfigurationEndpoints() {
        f.registrationHandler = request -> {
            try {
                assertTrue(answerRegistration.await(10, TimeUnit.SECONDS), "the test let the registration answer");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int n = registrations.incrementAndGet();
            Map<String, Object> body = new LinkedHashMap<>(Fixture.jsonBody(request));
            body.put("client_id", "dyn-" + n);
            body.put("client_secret", "secret-" + n);
            body.put("registration_access_token", "rat-" + n);
            body.put("registration_client_uri", f.stub.origin() + "/as/clients/dyn-" + n);
            return StubServer.json(201, body);
        };
        for (int n = 1; n <= 3; n++) {
            f.stub.on("/as/clients/dyn-" + n, r -> StubServer.text(204, null, ""));
        }
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void fiveOwnersAddingServersOnOneAuthorizationServerCauseOneRegistrationRequest() {
        // discovery cached by a pre-registered sixth owner, so each begin reaches the registration at once
        await(f.manager().beginAuthorization(new AuthorizationTarget("warm", "s1", f.serverUrl(), f.redirectUri(),
                Optional.of(new PreRegisteredClient("own-client", null, null))), BearerChallenge.none(), 1));
        answerRegistration = new CountDownLatch(1);
        List<CompletableFuture<PendingAuthorization>> begun = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            begun.add(f.manager().beginAuthorization(target("owner-" + i), BearerChallenge.none(), 1));
        }
        Await.until(Duration.ofSeconds(5), "the registration request", () -> !registerRequests().isEmpty());
        answerRegistration.countDown();

        for (CompletableFuture<PendingAuthorization> pending : begun) {
            assertEquals("dyn-1", Fixture.query(await(pending).authUrl()).get("client_id"));
        }
        await(f.manager().beginAuthorization(target("owner-6"), BearerChallenge.none(), 1));
        assertEquals(1, registerRequests().size());
        for (int i = 1; i <= 6; i++) {
            assertEquals("dyn-1", registrationOf("owner-" + i).clientId());
            assertEquals("secret-1", registrationOf("owner-" + i).clientSecret());
        }
    }

    @Test
    void removingTheLastServerThatUsesTheRegistrationDeletesItAtTheAuthorizationServer() {
        begin("alice");
        begin("bob");

        remove("alice");
        assertTrue(deletesOf("dyn-1").isEmpty(), "bob's server still uses it");
        remove("bob");

        List<StubServer.Request> deletes = deletesOf("dyn-1");
        assertEquals(1, deletes.size());
        assertEquals("Bearer rat-1", deletes.get(0).header("Authorization"));
        assertEquals(Optional.empty(), f.store.registrations().findRegistered(f.issuer(), "dyn-1"));
        begin("carol");
        assertEquals("dyn-2", registrationOf("carol").clientId(), "a later server registers afresh");
    }

    @Test
    void aRefusedDeletionIsLoggedWithHostAndStatusOnlyAndTheRemovalStands() {
        f.stub.on("/as/clients/dyn-1", r -> StubServer.text(500, "text/plain", "upstream-detail-7f3a"));
        begin("alice");
        try (LogCapture log = LogCapture.start()) {
            remove("alice");
            String text = log.text();
            assertTrue(text.contains("127.0.0.1") && text.contains("HTTP 500"), text);
            for (String secret : List.of("rat-1", "secret-1", "upstream-detail-7f3a")) {
                assertFalse(text.contains(secret), secret + " was logged: " + text);
            }
        }
        assertEquals(Optional.empty(), f.store.registrations().find("alice", Fixture.SERVER));
        assertEquals(Optional.empty(), f.store.registrations().findRegistered(f.issuer(), "dyn-1"));
    }

    @Test
    void aRegistrationTheAuthorizationServerDeletedIsRegisteredAgainOnceForAllOwners() {
        PendingAuthorization alices = begin("alice");
        Fixture.authorized(f.manager().completeAuthorization("alice", Map.of("code", "c", "state", alices.state())));
        begin("bob");
        f.tokenHandler = r -> StubServer.json(401, Map.of("error", "invalid_client"));

        assertFalse(await(f.manager().refreshAfterRejection("alice", Fixture.SERVER, "at-1")));
        assertEquals(Optional.empty(), f.store.tokens().find("alice", Fixture.SERVER), "tokens of a forgotten client");

        assertEquals("dyn-2", Fixture.query(begin("alice").authUrl()).get("client_id"));
        assertEquals("dyn-2", Fixture.query(begin("bob").authUrl()).get("client_id"));
        assertEquals(2, registerRequests().size());
    }

    @Test
    void aCodeRefusedWithInvalidClientEndsTheFlowAndTheNextAuthorizationRegistersAgain() {
        PendingAuthorization pending = begin("alice");
        f.tokenHandler = r -> StubServer.json(400, Map.of("error", "invalid_client"));
        Fixture.ended(f.manager().completeAuthorization("alice", Map.of("code", "c", "state", pending.state())),
                io.github.mcpoauth.McpOAuthException.Code.UPSTREAM);

        assertEquals("dyn-2", Fixture.query(begin("alice").authUrl()).get("client_id"));
        assertEquals(2, registerRequests().size());
    }

    private AuthorizationTarget target(String owner) {
        return new AuthorizationTarget(owner, Fixture.SERVER, f.serverUrl(), f.redirectUri(), Optional.empty());
    }

    private PendingAuthorization begin(String owner) {
        return await(f.manager().beginAuthorization(target(owner), BearerChallenge.none(), 1));
    }

    /** What McpClientManager.removeMcpServer does with the store and the manager. */
    private void remove(String owner) {
        ClientRegistration registration = registrationOf(owner);
        var tokens = f.store.tokens().find(owner, Fixture.SERVER);
        f.store.deleteServerCascade(owner, Fixture.SERVER);
        f.manager().forget(owner, Fixture.SERVER);
        await(f.manager().serverRemoved(Fixture.SERVER, registration, tokens));
    }

    private ClientRegistration registrationOf(String owner) {
        return f.store.registrations().find(owner, Fixture.SERVER).orElseThrow();
    }

    private List<StubServer.Request> registerRequests() {
        return f.stub.requestsTo("/as/register");
    }

    /** The RFC 7592 DELETEs of a client; bob's authorization reads it (GET) first. */
    private List<StubServer.Request> deletesOf(String clientId) {
        return f.stub.requestsTo("/as/clients/" + clientId).stream().filter(r -> r.method().equals("DELETE")).toList();
    }
}
