package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.config.McpOAuthConfigException;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import javax.naming.NameNotFoundException;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

/** {@code mcp.oauth.datasource}: a container's DataSource, looked up by JNDI name and never closed by the store. */
class JndiDataSourceTest {

    @Test
    void aDataSourceBoundUnderJavaCompEnvIsFoundByItsShortNameAndLeftOpen() throws Exception {
        JdbcConnectionPool containerPool = JdbcConnectionPool.create("jdbc:h2:mem:jndi-test;DB_CLOSE_DELAY=-1", "sa", "");
        Databases.Jndi jndi = name -> {
            if (name.equals("java:comp/env/jdbc/mcp")) {
                return containerPool;
            }
            throw new NameNotFoundException(name);
        };
        try {
            try (JpaMcpStore store = JpaMcpStore.open(config("jdbc/mcp"), jndi)) {
                store.tokens().save("alice", "s1", Samples.tokens("a"));
                assertEquals(Optional.of(Samples.tokens("a")), store.tokens().find("alice", "s1"));
            }
            try (Connection c = containerPool.getConnection()) {
                assertTrue(c.isValid(1), "the container's pool is still usable after the store closed");
            }
        } finally {
            containerPool.dispose();
        }
    }

    @Test
    void aNameWithoutADataSourceFailsNamingTheSetting() {
        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class,
                () -> JpaMcpStore.open(config("jdbc/missing"), name -> null));

        assertEquals(ConfigKey.DATASOURCE.key(), e.key());
        assertEquals("mcp.oauth.datasource: no DataSource is bound at JNDI name 'jdbc/missing'", e.getMessage());
    }

    @Test
    void settingBothADataSourceAndAUrlIsRejected() {
        McpOAuthConfig both = McpOAuthConfig.fromMap(Map.of(ConfigKey.DATASOURCE.key(), "jdbc/mcp",
                ConfigKey.JDBC_URL.key(), "jdbc:h2:mem:x", ConfigKey.TOKEN_KEY.key(), TestKeys.KEY_256));

        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class, () -> JpaMcpStore.open(both, name -> null));

        assertEquals(ConfigKey.DATASOURCE.key(), e.key());
    }

    private static McpOAuthConfig config(String name) {
        return McpOAuthConfig.fromMap(Map.of(ConfigKey.DATASOURCE.key(), name, ConfigKey.TOKEN_KEY.key(), TestKeys.KEY_256));
    }
}
