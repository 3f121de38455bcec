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
 * deployment lets go): the start-up restore runs when the database opens, and an owner refused
 * meanwhile gets their servers on the next request instead of an empty list kept for good.
 */
class LateStoreRestoreTest {

    @Test
    void everyOwnerIsRestoredWhenTheStoreOpensAndAnOwnerRefusedMeanwhileGetsTheirServers() throws Exception {
        try (TestMcpServer mcp = TestMcpServer.builder().start()) {
            ClientHarness before = ClientHarness.withDefaults();
            String alices = before.manager("alice").addMcpServer("a", mcp.url()).id();
            before.manager("bob").addMcpServer("b", mcp.url());
            before.close();
            LateStore late = new LateStore(before.store);

            try (ClientHarness after = new ClientHarness(Map.of(), Clock.systemUTC(), late)) {
                after.service.restore();
                McpOAuthException refused = assertThrows(McpOAuthException.class, () -> after.manager("alice"));
                assertEquals(McpOAuthException.Code.UNAVAILABLE, refused.code());
                assertEquals(0, after.service.openSessions());

                late.open();

                Await.until(Duration.ofSeconds(15), "both owners' servers to be restored and connected",
                        () -> after.service.openSessions() == 2);
                assertEquals(List.of(alices), List.copyOf(after.manager("alice").getMcpServers().servers().keySet()));
            }
        }
    }
}
