package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.transport.HttpRequestSnapshot;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengesTest {

    private static final URI URL = URI.create("https://mcp.example/mcp");
    private static final String CHALLENGE =
            "Bearer error=\"invalid_token\", resource_metadata=\"https://mcp.example/.well-known/oauth-protected-resource/mcp\"";

    private static Throwable refused(Map<String, List<String>> requestHeaders) {
        HttpHeaders answer = HttpHeaders.of(Map.of("WWW-Authenticate", List.of(CHALLENGE)), (k, v) -> true);
        HttpResponse.ResponseInfo info = new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return 401;
            }

            @Override
            public HttpHeaders headers() {
                return answer;
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
        HttpRequestSnapshot request = new HttpRequestSnapshot(URL, "POST", HttpHeaders.of(requestHeaders, (k, v) -> true));
        // as the SDK reports it: wrapped by its initializer
        return new RuntimeException("Client failed to initialize",
                new McpHttpClientTransportAuthorizationException("Authorization error", request, info));
    }

    @Test
    void theChallengeToARequestWithoutCredentialsIsFoundInTheCauseChain() {
        Throwable error = refused(Map.of("Content-Type", List.of("application/json")));
        assertTrue(AuthChallenges.refusedWithoutCredentials(error));
        assertEquals(URI.create("https://mcp.example/.well-known/oauth-protected-resource/mcp"),
                AuthChallenges.fromError(error).orElseThrow().resourceMetadata());
    }

    @Test
    void theChallengeToARefusedTokenIsNotTakenForTheAnonymousOne() {
        Throwable error = refused(Map.of("Authorization", List.of("Bearer expired")));
        assertFalse(AuthChallenges.refusedWithoutCredentials(error));
        assertTrue(AuthChallenges.fromError(error).isPresent(), "it is still the challenge of this request");
    }
}
