package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.StoredServer;
import io.github.mcpoauth.store.TokenSet;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that is down at startup or goes down mid-request gives a clear {@code UNAVAILABLE}
 * error naming it (without credentials), and loses nothing stored before. The database here is an
 * H2 TCP server that the test stops and starts.
 */
class UnavailableDatabaseTest {

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
    void aPostgresServerThatIsDownAtStartupIsNamedWithoutItsCredentials() {
        McpOAuthConfig config = McpOAuthConfig.fromMap(Map.of(
                ConfigKey.JDBC_URL.key(), "jdbc:postgresql://127.0.0.1:1/mcpoauth?password=hunter2",
                ConfigKey.JDBC_USER.key(), "mcpoauth", ConfigKey.JDBC_PASSWORD.key(), "hunter2",
                ConfigKey.TOKEN_KEY.key(), TestKeys.KEY_256));

        McpOAuthException e = assertThrows(McpOAuthException.class, () -> JpaMcpStore.open(config));

        assertEquals(McpOAuthException.Code.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().startsWith("MCP OAuth store unavailable: cannot reach jdbc:postgresql://127.0.0.1:1/mcpoauth ("),
                e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void anH2ServerThatIsDownAtStartupIsNamed() throws Exception {
        int port = H2Tcp.freePort();

        McpOAuthException e = assertThrows(McpOAuthException.class, () -> JpaMcpStore.open(H2Tcp.config(port)));

        assertEquals(McpOAuthException.Code.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().startsWith("MCP OAuth store unavailable: cannot reach " + H2Tcp.url(port) + " ("), e.getMessage());
    }

    @Test
    void aDatabaseGoingDownMidRequestIsUnavailableAndComesBackWithEverythingStored() throws Exception {
        int port = H2Tcp.freePort();
        server = H2Tcp.start(baseDir, port);
        StoredServer saved = Samples.server("alice", "s1");
        TokenSet tokens = Samples.tokens("a");
        try (JpaMcpStore store = JpaMcpStore.open(H2Tcp.config(port))) {
            store.servers().save(saved);
            store.tokens().save("alice", "s1", tokens);

            server.stop();
            McpOAuthException read = assertThrows(McpOAuthException.class, () -> store.tokens().find("alice", "s1"));
            McpOAuthException write = assertThrows(McpOAuthException.class,
                    () -> store.tokens().save("alice", "s1", Samples.tokens("lost")));

            assertEquals(McpOAuthException.Code.UNAVAILABLE, read.code());
            assertTrue(read.getMessage().startsWith("MCP OAuth store unavailable: could not read tokens because "
                    + H2Tcp.url(port) + " is unreachable ("), read.getMessage());
            assertEquals(McpOAuthException.Code.UNAVAILABLE, write.code());
            assertTrue(write.getMessage().startsWith("MCP OAuth store unavailable: could not save tokens because "),
                    write.getMessage());

            server = H2Tcp.start(baseDir, port);
            assertEquals(Optional.of(tokens), store.tokens().find("alice", "s1"), "the same store works again");
            assertEquals(Optional.of(saved), store.servers().find("alice", "s1"));
        }
    }
}
