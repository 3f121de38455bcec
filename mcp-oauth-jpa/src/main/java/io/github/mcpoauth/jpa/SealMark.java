package io.github.mcpoauth.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The id of the key that, at the last full check, every stored secret was under, kept in
 * {@code mcp_oauth_meta} (a key id is not secret; it is logged at every start). While it names the
 * token key and no previous key is configured, opening skips {@link Reencryption}'s scan of every
 * encrypted column, so a start costs the same with ten rows or a million. Any open that rotates
 * (previous keys configured) forgets it: while nodes may still write under another key, only a
 * full check can tell what is stored, and the first open after the rotation makes one.
 */
final class SealMark {

    static final String META_KEY = "sealed-under-key";

    private SealMark() {
    }

    /** True when the last full check found everything under the token key and nothing rotates now. */
    static boolean holds(Connection connection, TokenCipher cipher) throws SQLException {
        return cipher.previousKeyIds().isEmpty()
                && KeyCheck.metaValue(connection, META_KEY).filter(cipher.keyId()::equals).isPresent();
    }

    /**
     * While keys rotate (previous keys configured), removes the mark, so that no later start skips
     * the check before one has run with the rotation done.
     */
    static void forgetWhileRotating(Connection connection, TokenCipher cipher) throws SQLException {
        if (!cipher.previousKeyIds().isEmpty()) {
            update(connection, "DELETE FROM mcp_oauth_meta WHERE meta_key = ?", META_KEY);
        }
    }

    /**
     * Records that a full check just found everything under the token key. Not while rotating. A
     * node that records the same at the same moment may win the insert; that is as good.
     */
    static void record(Connection connection, TokenCipher cipher) throws SQLException {
        if (!cipher.previousKeyIds().isEmpty()) {
            return;
        }
        if (update(connection, "UPDATE mcp_oauth_meta SET meta_value = ? WHERE meta_key = ?", cipher.keyId(), META_KEY) == 0) {
            update(connection, "INSERT INTO mcp_oauth_meta (meta_key, meta_value) VALUES (?, ?)", META_KEY, cipher.keyId());
        }
    }

    private static int update(Connection connection, String sql, String... values) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            connection.setAutoCommit(true);
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            return statement.executeUpdate();
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
