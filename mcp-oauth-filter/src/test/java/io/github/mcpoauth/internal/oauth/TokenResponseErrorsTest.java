package io.github.mcpoauth.internal.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.store.PendingAuthorization;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad token endpoint answers become short, readable UPSTREAM errors, never body dumps. */
class TokenResponseErrorsTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private McpOAuthException exchangeFailure(Function<StubServer.Request, StubServer.Response> handler) {
        PendingAuthorization pending = f.begin();
        f.tokenHandler = handler;
        McpOAuthException e = Fixture.ended(f.manager().completeAuthorization(Fixture.OWNER,
                Map.of("code", "c", "state", pending.state())), Code.UPSTREAM);
        assertTrue(f.store.tokens().find(Fixture.OWNER, Fixture.SERVER).isEmpty());
        assertTrue(e.getMessage().length() <= ErrorText.MAX_LENGTH);
        assertFalse(e.getMessage().contains("\tat "), "no stack trace");
        return e;
    }

    @Test
    void aResponseWithoutAccessTokenNamesTheMissingMember() {
        McpOAuthException e = exchangeFailure(r -> StubServer.json(200, Map.of("token_type", "Bearer", "expires_in", 60)));
        assertTrue(e.getMessage().contains("access_token"), e.getMessage());
        assertTrue(e.getMessage().startsWith("The token endpoint at 127.0.0.1"), e.getMessage());
    }

    @Test
    void anHtmlPageIsNotDumped() {
        McpOAuthException e = exchangeFailure(r -> StubServer.text(200, "text/html",
                "<html><body>secret-looking-page" + "x".repeat(2000) + "</body></html>"));
        assertTrue(e.getMessage().contains("text/html"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-looking-page"), e.getMessage());
    }

    @Test
    void aServerErrorReportsTheStatus() {
        McpOAuthException e = exchangeFailure(r -> StubServer.text(500, "text/html", "<h1>Internal Server Error</h1>"));
        assertEquals("The token request to 127.0.0.1 failed: HTTP 500", e.getMessage());
    }

    @Test
    void anOAuthErrorReportsCodeAndSanitizedDescription() {
        McpOAuthException e = exchangeFailure(r -> StubServer.json(400, Map.of("error", "invalid_client",
                "error_description", "Client\u0007 authentication failed" + "!".repeat(1000))));
        assertTrue(e.getMessage().startsWith("The token request to 127.0.0.1 failed:"
                + " this application's client credentials were not accepted (invalid_client: Client"), e.getMessage());
        assertFalse(e.getMessage().contains("\u0007"));
        assertEquals(ErrorText.MAX_LENGTH, e.getMessage().length());
    }

    @Test
    void aBodyThatIsNotJsonDespiteItsContentTypeIsReported() {
        McpOAuthException e = exchangeFailure(r -> StubServer.text(200, "application/json", "{not json"));
        assertTrue(e.getMessage().contains("unusable response"), e.getMessage());
    }
}
