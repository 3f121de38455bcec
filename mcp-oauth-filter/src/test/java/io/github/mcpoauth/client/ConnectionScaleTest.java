package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.JdkSelectorThreads;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many live connections share one HTTP client: no thread per connection. */
class ConnectionScaleTest {

    @Test
    void fiftyReadyServersUseOneHttpClientSelectorThread() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().start();
                ClientHarness harness = ClientHarness.withDefaults()) {
            long before = JdkSelectorThreads.count();
            McpClientManager manager = harness.manager("alice");
            List<CompletableFuture<AddServerResult>> adds = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                adds.add(manager.addMcpServerAsync("server-" + i, server.url(), ServerOptions.defaults()));
            }
            CompletableFuture.allOf(adds.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            assertTrue(adds.stream().allMatch(f -> f.join().state() == ConnectionState.READY));
            assertEquals(50, harness.service.openSessions());
            assertTrue(JdkSelectorThreads.count() - before <= 1,
                    "selector threads grew from " + before + " to " + JdkSelectorThreads.count());
        }
    }
}
