package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.LogCapture;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Start-up connects nothing: a service over a store full of servers reaches no MCP server until
 * an owner is seen, and then only that owner's servers connect (and become ready).
 */
class LazyRestoreTest {

    @Test
    void noServerIsContactedUntilItsOwnerIsSeenAndThenItBecomesReady() throws Exception {
        try (TestMcpServer forAlice = TestMcpServer.builder().start();
                TestMcpServer forBob = TestMcpServer.builder().start()) {
            ClientHarness before = ClientHarness.withDefaults();
            for (int i = 0; i < 3; i++) {
                before.manager("alice").addMcpServer("a" + i, forAlice.url());
            }
            before.manager("bob").addMcpServer("b", forBob.url());
            before.close();
            int alicesRequests = forAlice.mcpRequestCount();
            int bobsRequests = forBob.mcpRequestCount();

            try (LogCapture log = LogCapture.start();
                    ClientHarness after = new ClientHarness(Map.of(), Clock.systemUTC(), before.store)) {
                after.service.restore();
                // restore's one piece of work is counting the stored servers: once it said so, it is done
                Await.until(Duration.ofSeconds(10), "restore to count the stored servers",
                        () -> log.text().contains("4 stored MCP servers of 2 owners"));

                assertEquals(alicesRequests, forAlice.mcpRequestCount(), "no connection before alice is seen");
                assertEquals(bobsRequests, forBob.mcpRequestCount(), "no connection before bob is seen");
                assertEquals(0, after.service.openSessions());

                McpClientManager alice = after.manager("alice");
                assertEquals(3, alice.getMcpServers().servers().size());
                Await.until(Duration.ofSeconds(15), "alice's servers to be ready", () -> alice.getMcpServers()
                        .servers().values().stream().allMatch(v -> "ready".equals(v.state())));
                assertEquals(3, after.service.openSessions());
                assertTrue(forAlice.mcpRequestCount() > alicesRequests);
                assertEquals(bobsRequests, forBob.mcpRequestCount(), "bob is still not seen");
            }
        }
    }
}
