package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.testsupport.LogCapture;
import java.nio.file.Path;
import java.time.Instant;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health summary's store check on the JPA store: one trivial query that answers while the
 * database does, fails {@code UNAVAILABLE} when it is gone, and reports since when the outage (as
 * the store's outage log knows it, from the first failed call of any kind) has lasted.
 */
class StoreCheckTest {

    @TempDir
    Path baseDir;

    private Server server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theCheckFollowsTheDatabaseAndTheOutageStartIsItsFirstFailedCall() throws Exception {
        int port = H2Tcp.freePort();
        server = H2Tcp.start(baseDir, port);
        try (JpaMcpStore store = JpaMcpStore.open(H2Tcp.config(port)); LogCapture log = LogCapture.start()) {
            store.check();
            assertTrue(store.unavailableSince().isEmpty());

            server.stop();
            Instant before = Instant.now();
            assertThrows(McpOAuthException.class, () -> store.tokens().find("alice", "s1"));
            Instant firstFailure = store.unavailableSince().orElseThrow();
            McpOAuthException e = assertThrows(McpOAuthException.class, store::check);
            assertEquals(McpOAuthException.Code.UNAVAILABLE, e.code());
            assertEquals(firstFailure, store.unavailableSince().orElseThrow(), "the check does not restart the outage");
            assertFalse(firstFailure.isBefore(before.minusSeconds(1)), firstFailure + " before " + before);

            server = H2Tcp.start(baseDir, port);
            store.check();
            assertTrue(store.unavailableSince().isEmpty());
        }
    }
}
