package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;


import io.github.mcpoauth.store.TokenSet;
import io.github.mcpoauth.testsupport.LogCapture;

import java.nio.file.Path;
import java.util.List;

import java.util.Optional;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While the store's database is down, every call still fails the way the REST layer answers with a
 * 503 ({@code unavailable}), but the log gets one WARN when the outage starts and one INFO when it
 * ends, with no stack trace at WARN or ERROR, however many calls fail in between.
 */
class StoreOutageLogTest {

    private static final int CALLS = 12;

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
    void anOutageLogsOneWarningWhenItStartsAndOneInfoWhenItEnds() throws Exception {
        int port = H2Tcp.freePort();
        server = H2Tcp.start(baseDir, port);
        TokenSet tokens = Samples.tokens("a");
        try (JpaMcpStore store = JpaMcpStore.open(H2Tcp.config(port))) {
            store.tokens().save("alice", "s1", tokens);
            List<String> lines;
            try (LogCapture log = LogCapture.start()) {
                server.stop();
                for (int i = 0; i < CALLS; i++) {
                    McpOAuthException e = assertThrows(McpOAuthException.class, i % 2 == 0
                            ? () -> store.tokens().find("alice", "s1")
                            : () -> store.servers().save(Samples.server("alice", "s2")));
                    assertEquals(McpOAuthException.Code.UNAVAILABLE, e.code());
                    assertEquals(503, e.code().httpStatus());
                }
                server = H2Tcp.start(baseDir, port);
                assertEquals(Optional.of(tokens), store.tokens().find("alice", "s1"));
                store.tokens().find("alice", "s1");
                lines = log.lines();
                assertEquals(List.of(), log.stackTraceLines(), log.text());
            }

            List<String> warnings = lines.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
            assertEquals(1, warnings.size(), String.join("\n", lines));
            assertTrue(warnings.get(0).contains("MCP OAuth store: database " + H2Tcp.url(port) + " is unavailable: could not "),
                    warnings.get(0));
            List<String> ended = lines.stream().filter(l -> l.contains(" INFO ") && l.contains("is available again")).toList();
            assertEquals(1, ended.size(), String.join("\n", lines));
            assertTrue(ended.get(0).contains("(" + CALLS + " failed calls)"), ended.get(0));
            assertTrue(lines.size() <= 4, "a handful of lines, not some per call:\n" + String.join("\n", lines));
        }
    }
}
