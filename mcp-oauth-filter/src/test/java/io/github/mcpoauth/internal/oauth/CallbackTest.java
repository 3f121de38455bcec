package io.github.mcpoauth.internal.oauth;

import static io.github.mcpoauth.internal.oauth.Fixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.store.TokenSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The callback's checks: refused callbacks before consuming change nothing. */
class CallbackTest {

    private final Fixture f = new Fixture();
    private PendingAuthorization pending;

    @BeforeEach
    void begin() {
        pending = f.begin();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private CompletableFuture<AuthorizationOutcome> callback(String owner, String... keyValues) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put(keyValues[i], keyValues[i + 1]);
        }
        return f.manager().completeAuthorization(owner, params);
    }

    private void assertUntouched() {
        assertEquals(Optional.of(pending), f.store.pendingAuthorizations().find(pending.state()));
        assertTrue(f.stub.requestsTo("/as/token").isEmpty());
        assertTrue(f.store.tokens().find(Fixture.OWNER, Fixture.SERVER).isEmpty());
    }

    @Test
    void aValidCallbackExchangesTheCodeStoresTokensAndConsumesTheState() {
        f.clock.advance(Duration.ofMinutes(1));
        AuthorizationOutcome.Authorized done = Fixture.authorized(callback(Fixture.OWNER, "code", "c", "state", pending.state(),
                "iss", f.issuer()));
        TokenSet tokens = done.tokens();
        assertEquals(Fixture.OWNER, done.owner());
        assertEquals(Fixture.SERVER, done.serverId());
        assertEquals("at-1", tokens.accessToken());
        assertEquals("rt-1", tokens.refreshToken());
        assertEquals("Bearer", tokens.tokenType());
        assertEquals(Fixture.START.plus(Duration.ofMinutes(1)).plusSeconds(3600), tokens.expiresAt());
        assertEquals("mcp:read mcp:write", tokens.scope(), "the requested scope when the response has none");
        assertEquals(Optional.of(tokens), f.store.tokens().find(Fixture.OWNER, Fixture.SERVER));
        assertTrue(f.store.pendingAuthorizations().find(pending.state()).isEmpty());
    }

    @Test
    void anUnknownOrForgedStateIsRefusedAndChangesNothing() {
        McpOAuthException e = failure(callback(Fixture.OWNER, "code", "c", "state", "forged"), Code.INVALID_CALLBACK);
        assertTrue(e.getMessage().contains("Unknown or already used"));
        failure(callback(Fixture.OWNER, "code", "c"), Code.INVALID_CALLBACK);
        failure(f.manager().completeAuthorization(Fixture.OWNER, null), Code.INVALID_CALLBACK);
        assertUntouched();
    }

    @Test
    void anotherOwnersCallbackIsRefusedAndLeavesTheFlowAlive() {
        McpOAuthException e = failure(callback("mallory", "code", "c", "state", pending.state()), Code.INVALID_CALLBACK);
        assertTrue(e.getMessage().contains("Unknown or already used"), "does not reveal that the state exists");
        failure(callback("mallory", "error", "access_denied", "state", pending.state()), Code.INVALID_CALLBACK);
        assertUntouched();
        Fixture.authorized(callback(Fixture.OWNER, "code", "c", "state", pending.state()));
    }

    @Test
    void anExpiredStateIsRefusedAndNotConsumed() {
        f.clock.advance(Duration.ofMinutes(10));
        McpOAuthException e = failure(callback(Fixture.OWNER, "code", "c", "state", pending.state()), Code.INVALID_CALLBACK);
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
        assertUntouched();
    }

    @Test
    void anIssuerMismatchIsRefusedBeforeConsuming() {
        McpOAuthException e = failure(callback(Fixture.OWNER, "code", "c", "state", pending.state(),
                "iss", "https://attacker.example"), Code.INVALID_CALLBACK);
        assertTrue(e.getMessage().contains("unexpected issuer"), e.getMessage());
        assertUntouched();
    }

    @Test
    void withAnAuthorizationServerThatAlwaysSendsIssAResponseWithoutItIsRefusedBeforeConsuming() {
        f.asMetadata.put("authorization_response_iss_parameter_supported", true);
        f.manager().forget(Fixture.OWNER, Fixture.SERVER);
        PendingAuthorization strict = f.begin();
        assertTrue(strict.issuerRequired());

        McpOAuthException e = failure(callback(Fixture.OWNER, "code", "c", "state", strict.state()), Code.INVALID_CALLBACK);

        assertTrue(e.getMessage().contains("lacks the issuer"), e.getMessage());
        assertEquals(Optional.of(strict), f.store.pendingAuthorizations().find(strict.state()));
        assertTrue(f.stub.requestsTo("/as/token").isEmpty());
        Fixture.authorized(callback(Fixture.OWNER, "code", "c", "state", strict.state(), "iss", f.issuer()));
    }

    @Test
    void withoutTheIssAdvertisementAResponseWithoutIssIsAccepted() {
        assertFalse(pending.issuerRequired());
        Fixture.authorized(callback(Fixture.OWNER, "code", "c", "state", pending.state()));
    }

    @Test
    void aReplayedCallbackLoses() {
        Fixture.authorized(callback(Fixture.OWNER, "code", "c", "state", pending.state()));
        McpOAuthException e = failure(callback(Fixture.OWNER, "code", "c", "state", pending.state()), Code.INVALID_CALLBACK);
        assertTrue(e.getMessage().contains("already used"));
        assertEquals(1, f.stub.requestsTo("/as/token").size());
    }

    @Test
    void ofManyConcurrentCallbacksWithOneStateExactlyOneExchangesTheCode() {
        List<CompletableFuture<AuthorizationOutcome>> calls = IntStream.range(0, 20)
                .mapToObj(i -> callback(Fixture.OWNER, "code", "c", "state", pending.state())).toList();
        long succeeded = calls.stream().filter(c -> {
            try {
                Fixture.authorized(c);
                return true;
            } catch (McpOAuthException e) {
                assertEquals(Code.INVALID_CALLBACK, e.code());
                return false;
            }
        }).count();
        assertEquals(1, succeeded);
        assertEquals(1, f.stub.requestsTo("/as/token").size());
    }

    @Test
    void anErrorResponseConsumesTheStateAndReportsTheSanitizedReason() {
        McpOAuthException e = Fixture.ended(callback(Fixture.OWNER, "error", "access_denied",
                "error_description", "User\r\ndenied\u0000 access", "state", pending.state()), Code.INVALID_CALLBACK);
        assertEquals("The authorization was denied at 127.0.0.1 (access_denied: User  denied access)", e.getMessage());
        assertTrue(f.store.pendingAuthorizations().find(pending.state()).isEmpty());
        assertTrue(f.stub.requestsTo("/as/token").isEmpty());
    }

    @Test
    void anErrorCodeIsExplainedInWordsNamingTheAuthorizationServersHost() {
        McpOAuthException e = Fixture.ended(callback(Fixture.OWNER, "error", "invalid_scope", "state", pending.state()),
                Code.INVALID_CALLBACK);
        assertEquals("The authorization server at 127.0.0.1 refused the authorization:"
                + " the requested permissions (scope) were refused (invalid_scope)", e.getMessage());
    }

    @Test
    void anUnknownErrorCodeIsShownAsItIs() {
        McpOAuthException e = Fixture.ended(callback(Fixture.OWNER, "error", "consent_required", "state", pending.state()),
                Code.INVALID_CALLBACK);
        assertEquals("The authorization server at 127.0.0.1 refused the authorization: consent_required", e.getMessage());
    }

    @Test
    void aVeryLongErrorDescriptionIsCut() {
        McpOAuthException e = Fixture.ended(callback(Fixture.OWNER, "error", "server_error",
                "error_description", "x".repeat(5000), "state", pending.state()), Code.INVALID_CALLBACK);
        assertEquals(ErrorText.MAX_LENGTH, e.getMessage().length());
    }

    @Test
    void aCallbackWithoutCodeIsRefusedAfterConsuming() {
        Fixture.ended(callback(Fixture.OWNER, "state", pending.state()), Code.INVALID_CALLBACK);
        assertFalse(f.store.pendingAuthorizations().find(pending.state()).isPresent());
    }

    @Test
    void aFailedCodeExchangeIsAnUpstreamError() {
        f.tokenHandler = r -> StubServer.json(400, Map.of("error", "invalid_grant", "error_description", "code expired"));
        McpOAuthException e = Fixture.ended(callback(Fixture.OWNER, "code", "c", "state", pending.state()), Code.UPSTREAM);
        assertTrue(e.getMessage().endsWith("failed: the authorization is no longer valid (expired, used or revoked) (invalid_grant: code expired)"), e.getMessage());
        assertTrue(f.store.tokens().find(Fixture.OWNER, Fixture.SERVER).isEmpty());
    }
}
