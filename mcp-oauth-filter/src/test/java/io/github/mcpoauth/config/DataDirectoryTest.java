package io.github.mcpoauth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The default data directory is one per web application; a configured one is used as given. */
class DataDirectoryTest {

    private static final Path DEFAULT = Path.of("mcp-oauth-data").toAbsolutePath();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|ROOT", "/|ROOT", "/shop|shop", "/a/b|a#b", "/shop/|shop", "/my app|my_app",
        "/..|_..", "/.hidden|_.hidden", "/a/../b|a#..#b", "/caf\u00e9|caf_", "/x:y\\z|x_y_z"})
    void eachContextPathGetsItsOwnPlainSubdirectory(String contextPath, String name) {
        assertEquals(name, ApplicationName.of(contextPath));
        Path dir = McpOAuthConfig.forApplication(contextPath, null, Map.<String, String>of()::get).dataDirectory();
        assertEquals(DEFAULT.resolve(name), dir);
        assertEquals(DEFAULT, dir.getParent(), "one plain directory below ./mcp-oauth-data");
    }

    @Test
    void twoApplicationsOnOneServerNeverShareTheDefault() {
        assertNotEquals(McpOAuthConfig.forApplication("/shop", null, null).dataDirectory(),
                McpOAuthConfig.forApplication("/blog", null, null).dataDirectory());
        assertNotEquals(McpOAuthConfig.forApplication("/a/b", null, null).dataDirectory(),
                McpOAuthConfig.forApplication("/a", null, null).dataDirectory());
    }

    @Test
    void aConfiguredDirectoryIsUsedAsGiven() {
        Path configured = Path.of("target", "data-dir-test").toAbsolutePath();
        McpOAuthConfig config = McpOAuthConfig.forApplication("/shop", null,
                Map.of(ConfigKey.DATA_DIR.key(), configured.toString())::get);
        assertEquals(configured, config.dataDirectory());
    }

    @Test
    void withoutAnApplicationTheDefaultIsTheSharedDirectory() {
        assertEquals(DEFAULT, McpOAuthConfig.defaults().dataDirectory());
    }
}
