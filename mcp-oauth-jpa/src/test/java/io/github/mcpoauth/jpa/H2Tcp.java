package io.github.mcpoauth.jpa;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.h2.tools.Server;

/** An H2 database served over TCP on loopback, which a test can stop and start again to cut the store off. */
final class H2Tcp {

    private H2Tcp() {
    }

    /** Serves the databases under {@code baseDir} on {@code port}, creating them on first use. */
    static Server start(Path baseDir, int port) throws SQLException {
        return Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", baseDir.toString(), "-ifNotExists").start();
    }

    /** A store configuration for the database on {@code port}. */
    static McpOAuthConfig config(int port) {
        return McpOAuthConfig.fromMap(Map.of(ConfigKey.JDBC_URL.key(), url(port), ConfigKey.TOKEN_KEY.key(), TestKeys.KEY_256));
    }

    static String url(int port) {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/mcp";
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
