package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Through the public client API: owners adding servers on one authorization server share one
 * Dynamic Client Registration, and removing the last of their servers deletes it (RFC 7592).
 */
class SharedClientRegistrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int OWNERS = 5;

    private TestAuthorizationServer as;
    private TestMcpServer mcp;
    private ClientHarness harness;

    @BeforeEach
    void start() {
        as = TestAuthorizationServer.builder().start();
        mcp = TestMcpServer.builder().protectedBy(as).start();
        harness = ClientHarness.withDefaults();
    }

    @AfterEach
    void stop() {
        harness.close();
        mcp.close();
        as.close();
    }

    @Test
    void fiveOwnersShareOneRegistrationAndRemovingTheLastServerDeletesIt() throws Exception {
        List<CompletableFuture<AddServerResult>> adding = new ArrayList<>();
        for (int i = 0; i < OWNERS; i++) {
            adding.add(harness.manager("owner-" + i).addMcpServerAsync("secure", mcp.url(), ServerOptions.defaults()));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < OWNERS; i++) {
            AddServerResult added = adding.get(i).get(20, TimeUnit.SECONDS);
            AddServerResult done = harness.service.completeAuthorization("owner-" + i,
                    new BrowserStub().authorize(added.authUrl())).get(20, TimeUnit.SECONDS);
            assertEquals(ConnectionState.READY, done.state());
            ids.add(added.id());
        }
        assertEquals(1, as.registrationCount(), "one registration request for every owner");
        assertEquals(1, as.liveRegistrationCount());

        for (int i = 0; i < OWNERS - 1; i++) {
            harness.manager("owner-" + i).removeMcpServer(ids.get(i));
        }
        AddServerResult stillThere = harness.manager("owner-" + (OWNERS - 1)).reconnect(ids.get(OWNERS - 1));
        assertEquals(ConnectionState.READY, stillThere.state(), "the last owner's server still works with the client");
        assertEquals(1, as.liveRegistrationCount());

        harness.manager("owner-" + (OWNERS - 1)).removeMcpServer(ids.get(OWNERS - 1));
        Await.until(WAIT, "the registration's deletion at the AS", () -> as.liveRegistrationCount() == 0);
        assertEquals(1, as.registrationCount());
    }
}
