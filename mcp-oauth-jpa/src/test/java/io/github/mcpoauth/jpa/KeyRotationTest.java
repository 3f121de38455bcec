package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfigException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotating the token key: a database written under key A opens with token key B and A among the
 * previous keys, reads everything, and ends up with every value (and the key check) under B, so A
 * can then be dropped; without A, opening names the setting to fix.
 */
class KeyRotationTest {

    private static final String A = TestKeys.KEY_256;
    private static final String B = TestKeys.OTHER_KEY_256;

    @TempDir
    Path dataDir;

    @Test
    void aStoreWrittenUnderAnEarlierKeyOpensWithItAsAPreviousKeyAndWritesUnderTheNewest() throws Exception {
        writeEveryKindUnder(A);

        try (JpaMcpStore store = open(B, A)) {
            assertReadsEverything(store);
            store.tokens().save("alice", "s2", Samples.tokens("new"));
            assertEquals(Optional.of(Samples.tokens("new")), store.tokens().find("alice", "s2"));
        }

        List<String> values = encryptedValues();
        assertEquals(15, values.size(), "9 secrets of alice/s1 (a DPoP key among them), 2 of the shared client,"
                + " the 3 new token values and the key check: " + values);
        String underB = "v1:" + keyId(B) + ":";
        assertTrue(values.stream().allMatch(v -> v.startsWith(underB)), "every value and the key check are under B: " + values);
    }

    @Test
    void withoutTheEarlierKeyOpeningNamesItAndTheSettingToFix() {
        writeEveryKindUnder(A);

        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class, () -> open(B, null).close());

        assertEquals(ConfigKey.TOKEN_KEY.key(), e.key());
        assertTrue(e.getMessage().contains(keyId(A)), e.getMessage());
        assertTrue(e.getMessage().contains(ConfigKey.PREVIOUS_TOKEN_KEYS.key()), e.getMessage());
    }

    @Test
    void afterReencryptionTheEarlierKeyCanBeDropped() {
        writeEveryKindUnder(A);
        open(B, A).close();

        try (JpaMcpStore store = open(B, null)) {
            assertReadsEverything(store);
        }
        assertThrows(McpOAuthConfigException.class, () -> open(A, null).close(), "the database now expects B");
    }

    @Test
    void aValueLeftUnderADroppedKeyStopsStartupNamingThePreviousKeys() throws Exception {
        writeEveryKindUnder(A);
        open(B, A).close();
        writeLateValueUnder(A); // by a node still on A

        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class, () -> open(B, null).close());

        assertEquals(ConfigKey.PREVIOUS_TOKEN_KEYS.key(), e.key());
        assertTrue(e.getMessage().contains(keyId(A)), e.getMessage());
        try (JpaMcpStore store = open(B, A)) {
            assertEquals("access-late", store.tokens().find("alice", "s1").orElseThrow().accessToken());
        }
    }

    @Test
    void onceAFullCheckFoundEverythingUnderTheKeyOpeningSkipsTheScanUntilARotation() throws Exception {
        writeEveryKindUnder(A); // the first open checked the (empty) tables and recorded key A
        writeLateValueUnder(B);

        try (JpaMcpStore store = open(A, null)) { // no scan, so the value under B is not met here
            assertEquals(Optional.of(Samples.server("alice", "s1")), store.servers().find("alice", "s1"));
        }
        try (JpaMcpStore store = open(A, B)) { // rotating: forgets the mark and re-encrypts
            assertEquals("access-late", store.tokens().find("alice", "s1").orElseThrow().accessToken());
        }
        open(A, null).close();

        String underA = "v1:" + keyId(A) + ":";
        assertTrue(encryptedValues().stream().allMatch(v -> v.startsWith(underA)), "the late value is under A again");
        writeLateValueUnder(B);
        assertThrows(McpOAuthConfigException.class, () -> open(B, null).close(), "the key check still guards the key");
    }

    @Test
    void aStartThatRotatesForgetsTheMarkEvenWhenItKeepsTheMarkedKey() throws Exception {
        writeEveryKindUnder(A); // recorded: everything under A
        open(A, B).close(); // B named as a previous key (a node may still write under it): the mark goes
        writeLateValueUnder(B);

        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class, () -> open(A, null).close(),
                "the first start without B checks every value");

        assertEquals(ConfigKey.PREVIOUS_TOKEN_KEYS.key(), e.key());
        assertTrue(e.getMessage().contains(keyId(B)), e.getMessage());
    }

    private void writeLateValueUnder(String key) throws Exception {
        TokenCipher otherNode = new TokenCipher(new SecretKeySpec(Base64.getDecoder().decode(key), "AES"));
        try (Connection c = EmbeddedH2.connect(dataDir);
                PreparedStatement update = c.prepareStatement(
                        "UPDATE mcp_oauth_token SET access_token_enc = ? WHERE owner = 'alice' AND server_id = 's1'")) {
            update.setString(1, otherNode.encrypt("access-late", TokenEntity.context(new ServerRowId("alice", "s1"), "access_token")));
            assertEquals(1, update.executeUpdate());
        }
    }

    private JpaMcpStore open(String tokenKey, String previous) {
        return JpaMcpStore.open(EmbeddedH2.config(dataDir, previous == null
                ? Map.of(ConfigKey.TOKEN_KEY.key(), tokenKey)
                : Map.of(ConfigKey.TOKEN_KEY.key(), tokenKey, ConfigKey.PREVIOUS_TOKEN_KEYS.key(), previous)));
    }

    private void writeEveryKindUnder(String key) {
        try (JpaMcpStore store = open(key, null)) {
            store.servers().save(Samples.server("alice", "s1"));
            store.tokens().save("alice", "s1", Samples.tokens("a"));
            store.registrations().save("alice", "s1", Samples.registration("dcr-1"));
            store.registrations().saveRegisteredIfAbsent(Samples.registeredClient("key-1", "dcr-1"));
            store.pendingAuthorizations().save(Samples.pending("state-1", "alice", "s1"));
        }
    }

    private static void assertReadsEverything(JpaMcpStore store) {
        assertEquals(Optional.of(Samples.server("alice", "s1")), store.servers().find("alice", "s1"));
        assertEquals(Optional.of(Samples.tokens("a")), store.tokens().find("alice", "s1"));
        assertEquals(Optional.of(Samples.registration("dcr-1")), store.registrations().find("alice", "s1"));
        assertEquals(Optional.of(Samples.registeredClient("key-1", "dcr-1")), store.registrations().findRegistered("key-1"));
        assertEquals(Optional.of(Samples.pending("state-1", "alice", "s1")), store.pendingAuthorizations().find("state-1"));
    }

    private List<String> encryptedValues() throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = EmbeddedH2.connect(dataDir); Statement s = c.createStatement()) {
            for (String query : List.of(
                    "SELECT headers_enc, client_secret_enc FROM mcp_oauth_server",
                    "SELECT client_secret_enc FROM mcp_oauth_client_registration",
                    "SELECT client_secret_enc, registration_access_token_enc FROM mcp_oauth_registered_client",
                    "SELECT access_token_enc, refresh_token_enc, dpop_key_enc FROM mcp_oauth_token",
                    "SELECT state_enc, code_verifier_enc, auth_url_enc FROM mcp_oauth_pending_authorization",
                    "SELECT meta_value FROM mcp_oauth_meta WHERE meta_key = 'token-key-check'")) {
                try (ResultSet rs = s.executeQuery(query)) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            if (rs.getString(i) != null) {
                                values.add(rs.getString(i));
                            }
                        }
                    }
                }
            }
        }
        return values;
    }

    private static String keyId(String base64) {
        return TokenCipher.keyIdOf(Base64.getDecoder().decode(base64));
    }
}
