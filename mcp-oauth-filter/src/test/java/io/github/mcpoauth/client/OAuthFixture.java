package io.github.mcpoauth.client;

import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestClock;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real OAuth-protected MCP server, its authorization server and a client service, all on one test
 * clock, with a browser that approves: what the whole-flow tests share. One per test; close it after.
 */
final class OAuthFixture implements AutoCloseable {

    final TestClock clock = TestClock.startingNow();
    final BrowserStub browser = new BrowserStub();
    final TestAuthorizationServer as;
    final TestMcpServer mcp;
    final ClientHarness harness;

    OAuthFixture(Duration accessTokenLifetime) {
        as = TestAuthorizationServer.builder().clock(clock).accessTokenLifetime(accessTokenLifetime).start();
        mcp = TestMcpServer.builder().protectedBy(as).start();
        harness = new ClientHarness(Map.of(), clock);
    }

    /** The user approves at {@code authUrl} and the callback completes the authorization. */
    AddServerResult complete(String owner, String authUrl) throws Exception {
        return harness.service.completeAuthorization(owner, browser.authorize(authUrl)).get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        harness.close();
        mcp.close();
        as.close();
    }
}
