package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.LateStore;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A store that starts without its database (the JPA store during a hot redeploy, until the old
 * deployment lets go): an owner refused meanwhile gets their servers on the next request once the
 * database opens, instead of an empty list kept for good; owners not seen stay unconnected.
 */
class LateStoreRestoreTest {

    @Test
    void anOwnerRefusedWhileTheStoreWaitsGetsTheirServersOnceItOpens() throws Exception {
        try (TestMcpServer forAlice = TestMcpServer.builder().start();
                TestMcpServer forBob = TestMcpServer.builder().start()) {
            ClientHarness before = ClientHarness.withDefaults();
            String alices = before.manager("alice").addMcpServer("a", forAlice.url()).id();
            before.manager("bob").addMcpServer("b", forBob.url());
            before.close();
            int bobsRequests = forBob.mcpRequestCount();
            LateStore late = new LateStore(before.store);

            try (ClientHarness after = new ClientHarness(Map.of(), Clock.systemUTC(), late)) {
                after.service.restore();
                McpOAuthException refused = assertThrows(McpOAuthException.class, () -> after.manager("alice"));
                assertEquals(McpOAuthException.Code.UNAVAILABLE, refused.code());
                assertEquals(0, after.service.openSessions());

                late.open();

                McpClientManager alice = after.manager("alice");
                assertEquals(List.of(alices), List.copyOf(alice.getMcpServers().servers().keySet()));
                Await.until(Duration.ofSeconds(15), "alice's server to connect",
                        () -> "ready".equals(alice.getServer(alices).state()));
                assertEquals(1, after.service.openSessions());
                assertEquals(bobsRequests, forBob.mcpRequestCount(), "bob was not seen: his server stays unconnected");
            }
        }
    }
}
