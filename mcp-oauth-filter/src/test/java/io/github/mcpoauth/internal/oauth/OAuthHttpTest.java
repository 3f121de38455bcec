package io.github.mcpoauth.internal.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.config.McpOAuthConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Nimbus-to-JDK adapter: SSRF check, body limit, redirects, timeouts, header and body mapping. */
class OAuthHttpTest {

    private final StubServer stub = StubServer.start();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final OAuthHttp http = http(Duration.ofSeconds(5), 0);

    @AfterEach
    void close() {
        stub.close();
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    private OAuthHttp http(Duration timeout, long minTransferRate) {
        return new OAuthHttp(Fixture.HTTP, new UrlGuard(false, true), timeout, minTransferRate, workers, scheduler);
    }

    @Test
    void discoveryAsksForJsonAndReadsAJsonObject() {
        stub.onJson("/doc", Map.of("a", 1));
        assertEquals(1, ((Number) Fixture.await(http.getJsonObject(stub.url("/doc"))).orElseThrow().get("a")).intValue());
        assertEquals("application/json", stub.requests().get(0).header("accept"));
        assertEquals("GET", stub.requests().get(0).method());
    }

    @Test
    void discoveryTreatsNon200NonJsonAndOversizedAnswersAsNotFound() {
        stub.on("/html", r -> StubServer.text(200, "text/html", "<html></html>"));
        stub.on("/array", r -> StubServer.text(200, "application/json", "[1,2]"));
        stub.on("/big", r -> StubServer.text(200, "application/json",
                "{\"a\":\"" + "x".repeat(OAuthHttp.MAX_BODY_BYTES) + "\"}"));
        stub.on("/redirect", r -> new StubServer.Response(302, null, null, Map.of("Location", stub.origin() + "/doc")));
        stub.onJson("/doc", Map.of("a", 1));
        for (String path : new String[] {"/html", "/array", "/big", "/redirect", "/missing"}) {
            assertEquals(Optional.empty(), Fixture.await(http.getJsonObject(stub.url(path))), path);
        }
        assertTrue(stub.requestsTo("/doc").isEmpty(), "redirects are never followed");
    }

    @Test
    void aTokenRequestSeesAnOversizedBodyAsAnUpstreamError() {
        stub.on("/token", r -> StubServer.text(200, "application/json", "x".repeat(OAuthHttp.MAX_BODY_BYTES + 1)));
        McpOAuthException e = Fixture.failure(http.send(new HTTPRequest(HTTPRequest.Method.POST, stub.url("/token"))),
                Code.UPSTREAM);
        assertTrue(e.getMessage().contains("larger than 256 KiB"), e.getMessage());
    }

    @Test
    void requestsToPrivateAddressesAreRefusedBeforeAnythingIsSent() {
        McpOAuthException e = Fixture.failure(http.getJsonObject(URI.create("http://169.254.169.254/latest/meta-data")),
                Code.INVALID_REQUEST);
        assertTrue(e.getMessage().contains("169.254.169.254"));
    }

    @Test
    void headersAndBodyAreMappedBothWays() {
        stub.on("/echo", r -> new StubServer.Response(201, "application/json; charset=utf-8",
                "{\"got\":\"" + r.header("x-test") + "\",\"body\":\"" + r.body() + "\"}", Map.of("X-Answer", "yes")));
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, stub.url("/echo"));
        request.setHeader("X-Test", "hello");
        request.setHeader("Content-Type", "application/x-www-form-urlencoded");
        request.setBody("a=b");
        HTTPResponse response = Fixture.await(http.send(request));
        assertEquals(201, response.getStatusCode());
        assertEquals("yes", response.getHeaderValue("X-Answer"));
        assertEquals("{\"got\":\"hello\",\"body\":\"a=b\"}", response.getBody());
        assertTrue(response.getEntityContentType().matches(com.nimbusds.common.contenttype.ContentType.APPLICATION_JSON));
    }

    @Test
    void aSlowServerIsATimeout() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        stub.on("/slow", r -> {
            try {
                never.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return StubServer.json(200, Map.of());
        });
        OAuthHttp impatient = http(Duration.ofMillis(200), 0);
        McpOAuthException e = Fixture.failure(impatient.getJsonObject(stub.url("/slow")), Code.TIMEOUT);
        assertTrue(e.getMessage().contains("did not answer within 200 ms"), e.getMessage());
        never.countDown();
    }

    @Test
    void aClosedPortIsAnUpstreamError() {
        StubServer closed = StubServer.start();
        URI url = closed.url("/x");
        closed.close();
        McpOAuthException e = Fixture.failure(http.getJsonObject(url), Code.UPSTREAM);
        assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    }

    @Test
    void theManagerRefusesAClientThatFollowsRedirects() {
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        assertThrows(IllegalArgumentException.class, () -> McpAuthorizationManager.builder()
                .config(McpOAuthConfig.defaults()).store(new io.github.mcpoauth.store.InMemoryMcpStore()).httpClient(following).build());
        assertThrows(NullPointerException.class, () -> McpAuthorizationManager.builder()
                .config(McpOAuthConfig.defaults()).httpClient(Fixture.HTTP).build());
    }
}
