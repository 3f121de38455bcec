package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.InMemoryMcpStore;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestClock;
import io.github.mcpoauth.testsupport.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With the SDK's streamable HTTP transport end to end: once a server refused a session's listening
 * stream (405), the sessions other owners open go on in request-response mode without asking it
 * again, until five minutes pass or a server with that URL is reconnected by hand; a server that
 * offers the stream is asked by every session. The service's JDK client notes each request as it is
 * handed over: the SDK asks for the listening stream as soon as {@code initialize} is answered, with
 * the session's token already at hand, so a request that left is noted before the session is ready.
 */
class KnownStreamRefusalFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TestClock clock = TestClock.startingNow();
    private final RecordingHttpClient http = new RecordingHttpClient();
    private final AtomicInteger getsRefused = new AtomicInteger();
    private volatile boolean refuseGets = true;
    private TestAuthorizationServer as;
    private TestMcpServer mcp;
    private McpClientService service;

    @BeforeEach
    void start() {
        as = TestAuthorizationServer.builder().clock(clock).accessTokenLifetime(Duration.ofHours(1)).start();
        mcp = TestMcpServer.builder().protectedBy(as).filter((request, response, chain) -> {
            if (refuseGets && "GET".equals(((HttpServletRequest) request).getMethod())) {
                getsRefused.incrementAndGet();
                ((HttpServletResponse) response).setStatus(405);
                return;
            }
            chain.doFilter(request, response);
        }).start();
        service = McpClientService.builder().config(McpOAuthConfig.fromMap(Map.of(
                "mcp.oauth.callback-url", ClientHarness.CALLBACK, "mcp.oauth.allow-loopback", "true")))
                .store(new InMemoryMcpStore()).clock(clock).httpClient(http).build();
    }

    @AfterEach
    void stop() {
        service.close();
        mcp.close();
        as.close();
    }

    private String ready(String owner) throws Exception {
        AddServerResult added = service.manager(owner).addMcpServer("streamless", mcp.url());
        AddServerResult done = service.completeAuthorization(owner, new BrowserStub().authorize(added.authUrl()))
                .get(20, TimeUnit.SECONDS);
        assertEquals(ConnectionState.READY, done.state(), owner);
        return done.id();
    }

    /** Listening GETs to the MCP endpoint that left the service. */
    private long listeningGetsSent() {
        return http.sent().stream().filter(r -> "GET".equals(r.method()) && r.uri().toString().equals(mcp.url()))
                .count();
    }

    @Test
    void anotherOwnersSessionGoesOnWithoutAskingForTheStreamTheServerRefused() throws Exception {
        ready("alice");
        assertEquals(1, listeningGetsSent(), "alice's session asked for its stream");
        Await.until(WAIT, "the server's 405 to alice's GET", () -> getsRefused.get() == 1);

        String bob = ready("bob");

        assertEquals(1, listeningGetsSent(), "bob's session did not ask");
        McpClientManager bobs = service.manager("bob");
        McpSchema.CallToolResult echoed = bobs.callTool(bob, "echo", Map.of("text", "hi"));
        assertEquals("hi", ((McpSchema.TextContent) echoed.content().get(0)).text(), "request-response mode works");
        assertEquals(1, getsRefused.get());
    }

    @Test
    void afterFiveMinutesOrAReconnectByHandTheServerIsAskedAgain() throws Exception {
        String alice = ready("alice");
        Await.until(WAIT, "the server's 405 to alice's GET", () -> getsRefused.get() == 1);

        clock.advance(KnownChallenges.TTL.plusSeconds(1));
        ready("carol");
        assertEquals(2, listeningGetsSent(), "carol's session asked: the refusal had expired");
        Await.until(WAIT, "the server's 405 to carol's GET", () -> getsRefused.get() == 2);

        assertEquals(ConnectionState.READY, service.manager("alice").reconnect(alice).state());
        assertEquals(3, listeningGetsSent(), "a reconnect by hand asks again");
    }

    @Test
    void aServerThatOffersTheStreamIsAskedByEverySession() throws Exception {
        refuseGets = false;

        ready("alice");
        ready("bob");

        assertEquals(2, listeningGetsSent());
        Await.until(WAIT, "both sessions' streams open at the server", () -> mcp.openStreamCount() == 2);
    }
}
