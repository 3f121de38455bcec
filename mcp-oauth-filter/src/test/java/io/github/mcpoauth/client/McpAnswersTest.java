package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which answers to the initialize POST are not MCP: a 2xx page fails for good; an error page other
 * than 401/403 still lets auto try the HTTP+SSE transport (whose servers may refuse the POST with
 * any page) and only becomes the permanent error when nothing is left; MCP's own answers and the
 * OAuth challenges pass untouched.
 */
class McpAnswersTest {

    @ParameterizedTest
    @CsvSource({"200,application/json", "200,application/json; charset=utf-8", "200,text/event-stream",
        "202,text/html", "200,", "401,text/html", "403,text/html", "404,application/json", "500,"})
    void mcpAnswersAndChallengesPass(int status, String contentType) {
        assertDoesNotThrow(() -> McpAnswers.checkPost(info(status, contentType)));
    }

    @Test
    void aPageInA2xxIsPermanentlyNotAnMcpEndpoint() {
        McpOAuthException e = assertThrows(McpOAuthException.class,
                () -> McpAnswers.checkPost(info(200, "Text/HTML; charset=UTF-8")));
        assertEquals(McpOAuthException.Code.INVALID_REQUEST, e.code());
        assertEquals("not an MCP endpoint: got text/html", e.getMessage());
        assertTrue(Connector.isFinal(e), "no fallback to SSE after a 2xx page");
    }

    @Test
    void anErrorPageStillLetsAutoTryTheSseTransportAndSettlesAsNotAnMcpEndpoint() {
        McpAnswers.ForeignRefusal refusal = assertThrows(McpAnswers.ForeignRefusal.class,
                () -> McpAnswers.checkPost(info(404, "text/html")));
        assertFalse(Connector.isFinal(refusal), "auto must still try HTTP+SSE");
        Throwable settled = McpAnswers.settled(new CompletionException(refusal));
        assertEquals("not an MCP endpoint: got text/html (HTTP 404)", settled.getMessage());
        assertEquals(McpOAuthException.Code.INVALID_REQUEST, ((McpOAuthException) settled).code());
        Throwable other = new IllegalStateException("x");
        assertEquals(other, McpAnswers.settled(other));
    }

    @Test
    void onlyTheMediaTypeIsReportedAndOnlyInSafeCharacters() {
        McpOAuthException e = assertThrows(McpOAuthException.class,
                () -> McpAnswers.checkPost(info(200, "text/<b>x</b>; charset=\"<script>\"")));
        assertEquals("not an MCP endpoint: got text/?b?x?/b?", e.getMessage());
        McpOAuthException sse = McpAnswers.checkSseGet(200, headers("text/plain")).orElseThrow();
        assertEquals("not an MCP endpoint: got text/plain", sse.getMessage());
        assertTrue(McpAnswers.checkSseGet(200, headers("text/event-stream")).isEmpty());
    }

    private static HttpHeaders headers(String contentType) {
        return HttpHeaders.of(contentType == null ? Map.of() : Map.of("Content-Type", List.of(contentType)), (k, v) -> true);
    }

    private static HttpResponse.ResponseInfo info(int status, String contentType) {
        return new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpHeaders headers() {
                return McpAnswersTest.headers(contentType);
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
