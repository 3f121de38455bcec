package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.store.SharedClient;
import io.github.mcpoauth.store.StoredServer;
import io.github.mcpoauth.store.TokenSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the embedded database with plain JDBC after the store wrote every kind of secret, and
 * finds none of them in any column of any table, nor anywhere in the database file's bytes.
 */
class EncryptionAtRestTest {

    private static final Instant T = Instant.parse("2026-05-17T08:30:15.123456Z");
    private static final String ACCESS = "secret-access-token-4f9a1c";
    private static final String REFRESH = "secret-refresh-token-77d2e0";
    private static final String SERVER_SECRET = "secret-preregistered-client-secret-19ab";
    private static final String API_KEY = "secret-api-key-header-value-c3d4";
    private static final String DCR_SECRET = "secret-dcr-client-secret-5e6f";
    private static final String SHARED_SECRET = "secret-shared-client-secret-7a8b";
    private static final String REGISTRATION_TOKEN = "secret-registration-access-token-3c4d";
    private static final String STATE = "secret-state-value-0a1b2c3d4e";
    private static final String VERIFIER = "secret-pkce-verifier-9f8e7d6c5b4a";
    private static final String DPOP_D = "secret-dpop-private-key-d-8b7c6d5e";
    private static final String DPOP_KEY = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ES256\",\"d\":\"" + DPOP_D + "\"}";
    private static final List<String> SECRETS = List.of(ACCESS, REFRESH, SERVER_SECRET, API_KEY, DCR_SECRET,
            SHARED_SECRET, REGISTRATION_TOKEN, STATE, VERIFIER, DPOP_D);

    @TempDir
    Path dataDir;

    @Test
    void noSecretIsStoredInPlainText() throws Exception {
        try (JpaMcpStore store = EmbeddedH2.open(dataDir)) {
            store.servers().save(new StoredServer("alice", "s1", "Server", "https://mcp.example/mcp", "auto",
                    Map.of("X-Api-Key", API_KEY), null, "client-1", SERVER_SECRET, T));
            store.tokens().save("alice", "s1", new TokenSet(ACCESS, REFRESH, "DPoP", T.plusSeconds(60), "read", T,
                    DPOP_KEY));
            store.registrations().save("alice", "s1", new ClientRegistration("https://as.example", "https://as.example/a",
                    "https://as.example/t", "dcr-client", DCR_SECRET, "client_secret_post", "https://app.example/cb", null, T));
            store.registrations().saveRegisteredIfAbsent(new SharedClient("key-1", "https://as.example", "shared-client",
                    SHARED_SECRET, "client_secret_basic", REGISTRATION_TOKEN, "https://as.example/register/shared-client", T));
            store.pendingAuthorizations().save(new PendingAuthorization(STATE, "alice", "s1", VERIFIER, "https://app.example/cb",
                    null, null, null, "https://as.example/a?state=" + STATE, 1, T, T.plusSeconds(600)));
        }

        List<String> cells = new ArrayList<>();
        try (Connection c = EmbeddedH2.connect(dataDir)) {
            for (String table : tables(c)) {
                cells.addAll(cells(c, table));
            }
        }

        assertTrue(cells.contains("dcr-client"), "the scan sees plain columns: " + cells);
        assertTrue(cells.contains("shared-client"), "the scan sees the shared clients: " + cells);
        for (String secret : SECRETS) {
            assertTrue(cells.stream().noneMatch(cell -> cell.contains(secret)), secret + " is stored in plain text");
        }
        assertTrue(cells.contains(PendingAuthorizationEntity.hash(STATE)), "the state is found by its SHA-256");
        assertTrue(cells.stream().anyMatch(cell -> cell.startsWith("v1:")), "ciphertexts carry the format and key id");
        String file = new String(Files.readAllBytes(dataDir.resolve("mcp-oauth.mv.db")), StandardCharsets.ISO_8859_1);
        assertTrue(file.contains("dcr-client"), "the file scan sees plain values");
        for (String secret : SECRETS) {
            assertFalse(file.contains(secret), secret + " is in the database file");
        }
    }

    @Test
    void theStoreStillReadsWhatItEncrypted() {
        TokenSet tokens = new TokenSet(ACCESS, REFRESH, "DPoP", null, null, T, DPOP_KEY);
        try (JpaMcpStore store = EmbeddedH2.open(dataDir)) {
            store.tokens().save("alice", "s1", tokens);
        }
        try (JpaMcpStore store = EmbeddedH2.open(dataDir)) {
            assertEquals(Optional.of(tokens), store.tokens().find("alice", "s1"));
        }
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertEquals(7, tables.size(), tables.toString());
        return tables;
    }

    private static List<String> cells(Connection c, String table) throws SQLException {
        List<String> cells = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String value = rs.getString(i);
                    if (value != null) {
                        cells.add(value);
                    }
                }
            }
        }
        return cells;
    }
}
