package io.github.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.mcpoauth.McpOAuthException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ApiErrorTest {

    @Test
    void authorizationRequiredAnswers409WithTheAuthUrlToSendTheUserTo() {
        String authUrl = "https://as.example/authorize?client_id=c&state=s";
        ApiError error = ApiError.from(new CompletionException(
                McpOAuthException.authorizationRequired("srv1", authUrl)));

        assertEquals(409, error.status());
        Map<?, ?> body = (Map<?, ?>) error.body().get("error");
        assertEquals("authorization_required", body.get("code"));
        assertEquals(authUrl, body.get("authUrl"));
    }

    @Test
    void otherErrorsCarryOnlyCodeAndMessageAndHideUnexpectedFailures() {
        Map<?, ?> notFound = (Map<?, ?>) ApiError.from(new McpOAuthException(McpOAuthException.Code.NOT_FOUND, "No such server: x"))
                .body().get("error");
        assertEquals(Map.of("code", "not_found", "message", "No such server: x"), notFound);

        ApiError unexpected = ApiError.from(new IllegalStateException("secret detail"));
        assertEquals(500, unexpected.status());
        assertFalse(unexpected.body().toString().contains("secret detail"));
    }
}
