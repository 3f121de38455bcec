package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.config.McpOAuthConfigException;
import io.github.mcpoauth.store.TokenSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the token key comes from, and what a missing, malformed or wrong key does. */
class TokenKeyTest {

    private static final TokenSet TOKENS = new TokenSet("access-1", "refresh-1", "Bearer", null, null,
            Instant.parse("2026-05-17T08:30:15Z"));

    @TempDir
    Path dataDir;

    @Test
    void theEmbeddedDefaultGeneratesAnOwnerOnlyKeyFileAndKeepsUsingIt() throws Exception {
        try (JpaMcpStore store = EmbeddedH2.open(dataDir)) {
            store.tokens().save("alice", "s1", TOKENS);
        }
        Path keyFile = dataDir.resolve(TokenKeys.KEY_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        String key = Files.readString(keyFile);

        try (JpaMcpStore store = EmbeddedH2.open(dataDir)) {
            assertEquals(Optional.of(TOKENS), store.tokens().find("alice", "s1"));
        }
        assertEquals(key, Files.readString(keyFile));
    }

    @Test
    void theEmbeddedDefaultCreatesItsDataDirectoryOwnerOnly() throws Exception {
        Path fresh = dataDir.resolve("nested/data");
        try (JpaMcpStore store = EmbeddedH2.open(fresh)) {
            assertTrue(Files.exists(fresh.resolve("mcp-oauth.mv.db")));
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
    }

    @Test
    void aWrongKeyFileStopsStartupNamingTheTokenKeySetting() throws Exception {
        try (JpaMcpStore store = EmbeddedH2.open(dataDir)) {
            store.tokens().save("alice", "s1", TOKENS);
        }
        Files.writeString(dataDir.resolve(TokenKeys.KEY_FILE), TestKeys.OTHER_KEY_256);

        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class, () -> EmbeddedH2.open(dataDir));

        assertEquals(ConfigKey.TOKEN_KEY.key(), e.key());
        assertTrue(e.getMessage().startsWith("mcp.oauth.token-key: the token key from key file "), e.getMessage());
        assertTrue(e.getMessage().contains("is not the key the data in embedded H2 database"), e.getMessage());
    }

    @Test
    void aWrongConfiguredKeyStopsStartupNamingTheTokenKeySetting() {
        try (JpaMcpStore store = JpaMcpStore.open(withKey(TestKeys.KEY_256))) {
            store.tokens().save("alice", "s1", TOKENS);
        }

        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class, () -> JpaMcpStore.open(withKey(TestKeys.OTHER_KEY_256)));

        assertEquals(ConfigKey.TOKEN_KEY.key(), e.key());
        assertTrue(e.getMessage().contains("the token key from mcp.oauth.token-key (key id "), e.getMessage());
        try (JpaMcpStore store = JpaMcpStore.open(withKey(TestKeys.KEY_256))) {
            assertEquals(Optional.of(TOKENS), store.tokens().find("alice", "s1"), "the right key still reads everything");
        }
    }

    @Test
    void aMissingKeyFileBesideExistingDataIsNotReplacedByANewKey() throws Exception {
        try (JpaMcpStore store = EmbeddedH2.open(dataDir)) {
            store.tokens().save("alice", "s1", TOKENS);
        }
        Files.delete(dataDir.resolve(TokenKeys.KEY_FILE));

        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class, () -> EmbeddedH2.open(dataDir));

        assertEquals(ConfigKey.TOKEN_KEY.key(), e.key());
        assertTrue(e.getMessage().contains("holds encrypted data but its key file"), e.getMessage());
        assertTrue(Files.notExists(dataDir.resolve(TokenKeys.KEY_FILE)));
    }

    @Test
    void aConfiguredDatabaseNeedsAConfiguredKey() {
        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class, () -> JpaMcpStore.open(
                McpOAuthConfig.fromMap(Map.of(ConfigKey.JDBC_URL.key(), "jdbc:h2:mem:no-key"))));

        assertEquals(ConfigKey.TOKEN_KEY.key(), e.key());
        assertTrue(e.getMessage().contains("is required when the store uses mcp.oauth.jdbc-url"), e.getMessage());
    }

    @Test
    void aMalformedKeyIsRejectedNamingTheSetting() {
        McpOAuthConfigException shortKey = assertThrows(McpOAuthConfigException.class, () -> JpaMcpStore.open(withKey("c2hvcnQ=")));
        McpOAuthConfigException notBase64 = assertThrows(McpOAuthConfigException.class, () -> JpaMcpStore.open(withKey("not base64 at all!")));

        assertEquals("mcp.oauth.token-key: the key from mcp.oauth.token-key must be base64 of 16, 24 or 32 bytes "
                + "(AES-128/192/256), got 5 bytes", shortKey.getMessage());
        assertEquals("mcp.oauth.token-key: the key from mcp.oauth.token-key is not valid base64", notBase64.getMessage());
    }

    @Test
    void aValueMovedToAnotherOwnersRowDoesNotDecryptIntoTheirTokens() throws Exception {
        try (JpaMcpStore store = EmbeddedH2.open(dataDir)) {
            store.tokens().save("alice", "s1", TOKENS);
            store.tokens().save("bob", "s1", new TokenSet("bobs", null, null, null, null, TOKENS.issuedAt()));
            try (Connection c = EmbeddedH2.connect(dataDir); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE mcp_oauth_token SET access_token_enc = (SELECT access_token_enc FROM mcp_oauth_token "
                        + "WHERE owner = 'alice') WHERE owner = 'bob'");
            }

            McpOAuthException e = assertThrows(McpOAuthException.class, () -> store.tokens().find("bob", "s1"));

            assertEquals(McpOAuthException.Code.UNAVAILABLE, e.code());
            assertTrue(e.getMessage().contains("does not decrypt"), e.getMessage());
            assertTrue(e.getMessage().contains(ConfigKey.TOKEN_KEY.key()), e.getMessage());
            assertEquals(Optional.of(TOKENS), store.tokens().find("alice", "s1"));
        }
    }

    private McpOAuthConfig withKey(String key) {
        return McpOAuthConfig.fromMap(Map.of(ConfigKey.JDBC_URL.key(), EmbeddedH2.url(dataDir), ConfigKey.TOKEN_KEY.key(), key));
    }
}
