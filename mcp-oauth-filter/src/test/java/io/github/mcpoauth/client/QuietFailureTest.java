package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.mcpoauth.testsupport.LogCapture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A server that cannot be reached is retried with backoff, then fails with one log line and no stack trace. */
class QuietFailureTest {

    @Test
    void anUnreachableServerFailsAfterItsRetriesWithOneLineAndNoStackTrace() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (LogCapture log = LogCapture.start();
                ClientHarness harness = new ClientHarness(Map.of("mcp.oauth.retry-max-attempts", "3"))) {
            AddServerResult added = harness.manager("alice")
                    .addMcpServer("gone", "http://127.0.0.1:" + closedPort + "/mcp");

            assertEquals(ConnectionState.FAILED, added.state());
            assertEquals(1, log.lines().stream()
                    .filter(l -> l.contains("MCP server " + added.id() + " failed after 3 connection attempt(s)")).count(),
                    log::text);
            assertEquals(0, log.stackTraceLines().size(), log::text);
        }
    }
}
