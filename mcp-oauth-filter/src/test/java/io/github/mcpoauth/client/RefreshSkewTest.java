package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestClock;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 2: with the default refresh skew (60 s) a 60 s access token, Keycloak's default,
 * was due the moment it arrived and refreshed before every request. The skew is capped at half the
 * token's lifetime: no refresh while the token is less than half spent, one once it is.
 */
class RefreshSkewTest {

    private final TestClock clock = TestClock.startingNow();
    private TestAuthorizationServer as;
    private TestMcpServer mcp;
    private ClientHarness harness;

    @BeforeEach
    void start() {
        as = TestAuthorizationServer.builder().clock(clock).accessTokenLifetime(Duration.ofSeconds(60)).start();
        mcp = TestMcpServer.builder().protectedBy(as).start();
        harness = new ClientHarness(Map.of(), clock); // mcp.oauth.refresh-skew left at its default
    }

    @AfterEach
    void stop() {
        harness.close();
        mcp.close();
        as.close();
    }

    private void call(String id, String text) {
        harness.manager("alice").callTool(id, "echo", Map.of("text", text));
    }

    @Test
    void aSixtySecondTokenIsNotRefreshedBeforeItIsHalfSpentAndIsRefreshedOnceAfter() throws Exception {
        McpClientManager manager = harness.manager("alice");
        AddServerResult added = manager.addMcpServer("secure", mcp.url());
        AddServerResult ready = harness.service.completeAuthorization("alice",
                new BrowserStub().authorize(added.authUrl())).get(20, TimeUnit.SECONDS);
        assertEquals(ConnectionState.READY, ready.state());

        call(added.id(), "at 0 s"); // the clock stands still: the token was issued at this instant
        clock.advance(Duration.ofSeconds(15));
        call(added.id(), "at 15 s");
        clock.advance(Duration.ofSeconds(14));
        call(added.id(), "at 29 s");
        assertEquals(0, as.tokenRequestCount("refresh_token"), "refreshed before half the lifetime");

        clock.advance(Duration.ofSeconds(2));
        call(added.id(), "at 31 s");
        call(added.id(), "at 31 s, with the new token");
        assertEquals(1, as.tokenRequestCount("refresh_token"));
    }
}
