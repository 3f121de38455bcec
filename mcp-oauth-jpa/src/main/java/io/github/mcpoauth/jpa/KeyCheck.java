package io.github.mcpoauth.jpa;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfigException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A known value encrypted with the token key and kept in {@code mcp_oauth_meta}: written on the
 * first start, decrypted on every later one, so a wrong key stops startup with a message naming
 * {@code mcp.oauth.token-key} instead of failing later, one token at a time.
 *
 * <p>During a rotation the check value may be under an earlier key (one of
 * {@code mcp.oauth.previous-token-keys}): it is then written again under the newest key, so the
 * database records which key it now expects.
 */
final class KeyCheck {

    static final String META_KEY = "token-key-check";

    private static final String PLAINTEXT = "mcp-oauth-jpa token key check";
    private static final String CONTEXT = TokenCipher.context("meta", META_KEY);

    private KeyCheck() {
    }

    /** The stored check value, if this database has one (that is, holds data encrypted with some key). */
    static Optional<String> stored(Connection connection) throws SQLException {
        return metaValue(connection, META_KEY);
    }

    /** The value of one row of {@code mcp_oauth_meta}, if there is one. */
    static Optional<String> metaValue(Connection connection, String metaKey) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT meta_value FROM mcp_oauth_meta WHERE meta_key = ?")) {
            select.setString(1, metaKey);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Writes the check value if there is none, else checks it decrypts.
     *
     * @param keySource where the key came from, for the message
     * @throws McpOAuthConfigException naming {@code mcp.oauth.token-key} when the key is not the one the data was written with
     */
    static void verifyOrWrite(Connection connection, TokenCipher cipher, String keySource, String database)
            throws SQLException {
        Optional<String> stored = stored(connection);
        if (stored.isEmpty()) {
            boolean autoCommit = connection.getAutoCommit();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO mcp_oauth_meta (meta_key, meta_value) VALUES (?, ?)")) {
                connection.setAutoCommit(true);
                insert.setString(1, META_KEY);
                insert.setString(2, cipher.encrypt(PLAINTEXT, CONTEXT));
                insert.executeUpdate();
                return;
            } catch (SQLException e) {
                stored = stored(connection);
                if (stored.isEmpty()) {
                    throw e;
                }
                // Another node wrote its check value first: check ours against it.
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
        String plaintext;
        try {
            plaintext = cipher.decrypt(stored.get(), CONTEXT);
        } catch (TokenCipher.WrongKeyException e) {
            throw wrongKey(cipher, keySource, database, e.getMessage());
        }
        if (!PLAINTEXT.equals(plaintext)) {
            throw wrongKey(cipher, keySource, database, "the check value decrypted to something else");
        }
        if (!stored.get().startsWith(cipher.currentPrefix())) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE mcp_oauth_meta SET meta_value = ? WHERE meta_key = ?")) {
                update.setString(1, cipher.encrypt(PLAINTEXT, CONTEXT));
                update.setString(2, META_KEY);
                update.executeUpdate();
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
            }
        }
    }

    private static McpOAuthConfigException wrongKey(TokenCipher cipher, String keySource, String database, String detail) {
        return McpOAuthConfigException.forKey(ConfigKey.TOKEN_KEY, "the token key from " + keySource + " (key id "
                + cipher.keyId() + ") is not the key the data in " + database + " was encrypted with (" + detail
                + "); configure the original key, or, to rotate to this key, add the original one to "
                + ConfigKey.PREVIOUS_TOKEN_KEYS.key());
    }
}
