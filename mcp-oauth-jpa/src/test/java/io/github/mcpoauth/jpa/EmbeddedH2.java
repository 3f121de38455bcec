package io.github.mcpoauth.jpa;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Opens the embedded default in a test's directory, and the same H2 file directly over JDBC. */
final class EmbeddedH2 {

    private EmbeddedH2() {
    }

    /** Zero-config except the data directory. */
    static JpaMcpStore open(Path dataDir) {
        return JpaMcpStore.open(config(dataDir, Map.of()));
    }

    static McpOAuthConfig config(Path dataDir, Map<String, String> more) {
        Map<String, String> values = new HashMap<>(more);
        values.put(ConfigKey.DATA_DIR.key(), dataDir.toString());
        return McpOAuthConfig.fromMap(values);
    }

    /** The embedded database's JDBC URL, as the store builds it. */
    static String url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve(Databases.EMBEDDED_NAME);
    }

    /** A plain JDBC connection to the embedded database, bypassing the store. */
    static Connection connect(Path dataDir) throws SQLException {
        return DriverManager.getConnection(url(dataDir), "sa", "");
    }
}
