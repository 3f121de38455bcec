package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfigException;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.StoredServer;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded database another engine holds. A hot redeploy that starts the new context before
 * stopping the old one (Jetty 12.1) must not fail: the new store starts, answers {@code UNAVAILABLE}
 * saying why, and opens with the old deployment's data once that one lets go. Two applications
 * given one directory never let go: after the bound the store names the directory and the key.
 * The other deployment is the whole module in a class loader of its own ({@link OtherDeployment}).
 */
class LockedDatabaseTest {

    private static final Duration PATIENT = Duration.ofSeconds(30);
    private static final Duration RETRY = Duration.ofMillis(100);

    @TempDir
    Path dataDir;

    private McpStore openWaiting(Duration wait) {
        return AwaitedEmbeddedStore.open(EmbeddedH2.config(dataDir, Map.of()), wait, RETRY);
    }

    private String dir() {
        return dataDir.toAbsolutePath().normalize().toString();
    }

    @Test
    void aRedeployedStoreAnswersUnavailableUntilTheOldDeploymentStopsThenReadsItsData() throws Exception {
        AtomicInteger restored = new AtomicInteger();
        AwaitedEmbeddedStore store;
        AutoCloseable old = OtherDeployment.start(dataDir);
        // captured from here: the other deployment's own start-up (a second Hibernate in one JVM) is not under test
        try (LogCapture log = LogCapture.start()) {
            try (old) {
                store = assertInstanceOf(AwaitedEmbeddedStore.class, openWaiting(PATIENT));
                store.whenAvailable(restored::incrementAndGet);

                McpOAuthException e = assertThrows(McpOAuthException.class, () -> store.servers().list("alice"));
                assertEquals(McpOAuthException.Code.UNAVAILABLE, e.code());
                assertEquals("MCP OAuth store unavailable: the embedded database in " + dir() + " is still held by another"
                        + " deployment of this application (a redeploy in progress?); waiting up to 30 s for it to be released"
                        + " (applications sharing one directory each need their own mcp.oauth.data-dir)", e.getMessage());
                assertThrows(McpOAuthException.class, () -> store.tokens().find("alice", "s1"));
                assertEquals(0, restored.get(), "nothing waiting for the store runs before it opens");
            }
            try (store) {
                Await.until(Duration.ofSeconds(10), "the store to open once the old deployment stopped",
                        () -> !store.waiting());
                List<StoredServer> servers = store.servers().list("alice");
                assertEquals(List.of(Samples.server("alice", "s1")), servers, "the old deployment's data");
                assertEquals(1, restored.get());
                store.whenAvailable(restored::incrementAndGet);
                assertEquals(2, restored.get(), "an open store runs the task at once");
            }
            assertEquals(1, log.lines().stream().filter(l -> l.contains("WARN") && l.contains("held by another deployment")).count(),
                    log.text());
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("INFO") && l.contains("was released by the other deployment")),
                    log.text());
            assertTrue(log.stackTraceLines().isEmpty(), log.text());
        }
    }

    @Test
    void twoApplicationsGivenOneDirectoryAreToldWhichDirectoryAndWhichKeyAfterTheBound() throws Exception {
        try (AutoCloseable other = OtherDeployment.start(dataDir); LogCapture log = LogCapture.start();
                AwaitedEmbeddedStore store = (AwaitedEmbeddedStore) openWaiting(Duration.ofSeconds(1))) {
            Await.until(Duration.ofSeconds(10), "the store to give up", () -> !store.waiting());

            McpOAuthException e = assertThrows(McpOAuthException.class, () -> store.servers().list("alice"));
            assertEquals(McpOAuthException.Code.UNAVAILABLE, e.code());
            assertEquals("MCP OAuth store unavailable: the embedded database in " + dir() + " is still held by another"
                    + " process or application after 1 s; give this application its own directory with mcp.oauth.data-dir"
                    + " (or the environment variable MCP_OAUTH_DATA_DIR) or stop the other one", e.getMessage());
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("ERROR") && l.contains(e.getMessage())), log.text());
            assertTrue(log.stackTraceLines().isEmpty(), log.text());
        }
    }

    @Test
    void aDatabaseReleasedWithAnotherKeyStaysUnavailableSayingWhy() throws Exception {
        try (AwaitedEmbeddedStore store = waitForOtherDeployment()) {
            Await.until(Duration.ofSeconds(10), "the retries to end", () -> !store.waiting());

            McpOAuthException e = assertThrows(McpOAuthException.class, () -> store.servers().list("alice"));
            assertEquals(McpOAuthException.Code.UNAVAILABLE, e.code());
            assertTrue(e.getMessage().startsWith("MCP OAuth store unavailable: the embedded database in " + dir()
                    + " was released but could not be opened: mcp.oauth.token-key: "), e.getMessage());
        }
    }

    /** The other deployment holds the database while this one starts; its key file is then replaced, and it stops. */
    private AwaitedEmbeddedStore waitForOtherDeployment() throws Exception {
        try (AutoCloseable other = OtherDeployment.start(dataDir)) {
            AwaitedEmbeddedStore store = (AwaitedEmbeddedStore) openWaiting(PATIENT);
            Files.writeString(dataDir.resolve(TokenKeys.KEY_FILE), TestKeys.OTHER_KEY_256);
            return store;
        }
    }

    @Test
    void closingAWaitingStoreStopsItsThreadAtOnce() throws Exception {
        try (AutoCloseable other = OtherDeployment.start(dataDir)) {
            AwaitedEmbeddedStore store = (AwaitedEmbeddedStore) openWaiting(PATIENT);
            assertTrue(store.waiting());
            long started = System.nanoTime();
            store.close();
            assertFalse(store.waiting(), "the retrying thread ended with close");
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0);
            assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("mcp-oauth-store-wait")));
            assertEquals("MCP OAuth store closed",
                    assertThrows(McpOAuthException.class, () -> store.servers().list("alice")).getMessage());
        }
    }

    @Test
    void otherStartupFailuresStillStopStartup() throws Exception {
        try (JpaMcpStore store = EmbeddedH2.open(dataDir)) {
            store.servers().save(Samples.server("alice", "s1"));
        }
        Files.writeString(dataDir.resolve(TokenKeys.KEY_FILE), TestKeys.OTHER_KEY_256);
        McpOAuthConfigException wrongKey = assertThrows(McpOAuthConfigException.class, () -> openWaiting(PATIENT));
        assertEquals(ConfigKey.TOKEN_KEY.key(), wrongKey.key());

        Path notADirectory = Files.createFile(dataDir.resolve("file"));
        McpOAuthConfigException noDir = assertThrows(McpOAuthConfigException.class, () -> AwaitedEmbeddedStore.open(
                EmbeddedH2.config(notADirectory, Map.of()), PATIENT, RETRY));
        assertEquals(ConfigKey.DATA_DIR.key(), noDir.key());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("mcp-oauth-store-wait")));
    }

    @Test
    void openingTheStoreDirectlyStillReportsTheHolderWithTheDirectoryAndTheKey() throws Exception {
        try (AutoCloseable other = OtherDeployment.start(dataDir)) {
            McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class, () -> EmbeddedH2.open(dataDir));

            assertEquals(ConfigKey.DATA_DIR.key(), e.key());
            assertTrue(e.getMessage().contains("already in use by another process or another application"), e.getMessage());
            assertTrue(e.getMessage().contains(dir()), e.getMessage());
            assertTrue(e.getMessage().contains("give this application its own directory with mcp.oauth.data-dir"), e.getMessage());
        }
        try (JpaMcpStore store = EmbeddedH2.open(dataDir)) {
            assertEquals(1, store.servers().list("alice").size(), "the store opens once the other one let go");
        }
    }
}
