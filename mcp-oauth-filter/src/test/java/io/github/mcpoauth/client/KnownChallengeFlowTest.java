package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestClock;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Owners after the first adding a server whose challenge is known are sent to authorize without
 * another request to the server that would be refused; never in place of a request with a token.
 */
class KnownChallengeFlowTest {

    private final TestClock clock = TestClock.startingNow();
    private final BrowserStub browser = new BrowserStub();
    private TestAuthorizationServer as;
    private TestMcpServer mcp;
    private ClientHarness harness;

    @BeforeEach
    void start() {
        as = TestAuthorizationServer.builder().clock(clock).accessTokenLifetime(Duration.ofHours(1)).start();
        mcp = TestMcpServer.builder().protectedBy(as).start();
        harness = new ClientHarness(Map.of(), clock);
    }

    @AfterEach
    void stop() {
        harness.close();
        mcp.close();
        as.close();
    }

    private AddServerResult add(String owner) {
        AddServerResult added = harness.manager(owner).addMcpServer("secure", mcp.url());
        assertEquals(ConnectionState.AUTHENTICATING, added.state(), () -> owner + ": " + added);
        assertTrue(added.authUrl().startsWith(as.endpoints().authorizationEndpoint().toString()), added.authUrl());
        return added;
    }

    private AddServerResult complete(String owner, AddServerResult added) throws Exception {
        return harness.service.completeAuthorization(owner, browser.authorize(added.authUrl())).get(20, TimeUnit.SECONDS);
    }

    @Test
    void aSecondOwnerIsSentToAuthorizeWithoutAskingTheServerAgainAndIsReadyAfterTheCallback() throws Exception {
        add("alice");
        int afterAlice = mcp.mcpRequestCount();

        AddServerResult bob = add("bob");

        assertEquals(afterAlice, mcp.mcpRequestCount(), "bob's add sent nothing to the MCP server");
        assertEquals(ConnectionState.READY, complete("bob", bob).state());
        // every request since alice's 401 carried bob's token
        long bearers = mcp.authorizationHeaders().stream().filter(h -> h.startsWith("Bearer ")).count();
        assertTrue(bearers > 0);
        assertEquals(afterAlice, mcp.mcpRequestCount() - bearers);
    }

    @Test
    void theKnownChallengeIsAskedForAgainAfterFiveMinutes() {
        add("alice");
        clock.advance(KnownChallenges.TTL.plusSeconds(1));
        int before = mcp.mcpRequestCount();

        add("bob");

        assertEquals(before + 1, mcp.mcpRequestCount(), "bob's initialize asked the server");
    }

    @Test
    void reconnectAndRemoveMakeTheNextOwnerAskTheServerAgain() {
        add("alice");
        AddServerResult bob = add("bob");
        int before = mcp.mcpRequestCount();

        assertEquals(ConnectionState.AUTHENTICATING, harness.manager("bob").reconnect(bob.id()).state());
        assertEquals(before + 1, mcp.mcpRequestCount(), "reconnect asked the server");

        add("carol");
        assertEquals(before + 1, mcp.mcpRequestCount(), "the challenge bob's reconnect got is known again");
        harness.manager("bob").removeMcpServer(bob.id());
        add("dave");
        assertEquals(before + 2, mcp.mcpRequestCount(), "after a removal the next owner asks the server");
    }

    @Test
    void anOwnerWithATokenReconnectsWithItWhileTheChallengeIsKnown() throws Exception {
        AddServerResult alice = add("alice");
        assertEquals(ConnectionState.READY, complete("alice", alice).state());
        add("bob"); // the challenge is known and fresh
        McpClientManager manager = harness.manager("alice");
        manager.closeIdle(System.nanoTime() + TimeUnit.SECONDS.toNanos(1), 0);
        int before = mcp.authorizationHeaders().size();

        manager.callTool(alice.id(), "echo", Map.of("text", "again"));

        List<String> sent = mcp.authorizationHeaders().subList(before, mcp.authorizationHeaders().size());
        assertFalse(sent.isEmpty(), "the call opened a new session at the server");
        assertTrue(sent.stream().allMatch(h -> h.startsWith("Bearer ")), sent::toString);
        assertEquals("ready", manager.getServer(alice.id()).state());
    }
}
