package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.config.McpOAuthConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How configured databases are named in messages, and which URLs are accepted. */
class DatabasesTest {

    @Test
    void descriptionsDropParametersAndUserInfo() {
        assertEquals("jdbc:postgresql://db.example:5432/app", Databases.describe("jdbc:postgresql://db.example:5432/app?password=x&ssl=true"));
        assertEquals("jdbc:postgresql://db.example/app", Databases.describe("jdbc:postgresql://user:secret@db.example/app"));
        assertEquals("jdbc:h2:file:/data/mcp", Databases.describe("jdbc:h2:file:/data/mcp;USER=sa;PASSWORD=x"));
    }

    @Test
    void urlsOfOtherDatabasesAreRejectedNamingTheSetting() {
        McpOAuthConfig config = McpOAuthConfig.fromMap(Map.of(ConfigKey.JDBC_URL.key(), "jdbc:mysql://db/app?password=x",
                ConfigKey.TOKEN_KEY.key(), TestKeys.KEY_256));

        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class, () -> JpaMcpStore.open(config));

        assertEquals(ConfigKey.JDBC_URL.key(), e.key());
        assertEquals("mcp.oauth.jdbc-url: the JPA store supports jdbc:h2: and jdbc:postgresql: URLs, got jdbc:mysql://db/app; "
                + "for another database, which needs its own schema scripts, this store cannot be used", e.getMessage());
    }
}
