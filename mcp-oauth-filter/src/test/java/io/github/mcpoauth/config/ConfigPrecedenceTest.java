package io.github.mcpoauth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;

/**
 * The order in which {@link McpOAuthConfig#load} consults its sources: system property, environment
 * variable, MicroProfile Config (where present), filter init-param, context-param, default. The real environment cannot be changed
 * in-process, so environment lookups go through a map here.
 */
class ConfigPrecedenceTest {

    private static final String KEY = ConfigKey.CLIENT_NAME.key();
    private static final String ENV = ConfigKey.CLIENT_NAME.envName();

    @Test
    void envNameUpperCasesAndReplacesDotsAndDashes() {
        assertEquals("MCP_OAUTH_RETRY_MAX_ATTEMPTS", ConfigKey.RETRY_MAX_ATTEMPTS.envName());
        assertEquals("MCP_OAUTH_PATH", ConfigKey.PATH.envName());
    }

    @Test
    void everyKeyHasADistinctWellFormedEnvName() {
        for (ConfigKey key : ConfigKey.values()) {
            assertTrue(key.key().matches("mcp\\.oauth\\.[a-z][a-z-]*"), key.key());
            assertTrue(key.envName().matches("MCP_OAUTH_[A-Z][A-Z_]*"), key.envName());
        }
        long distinct = Arrays.stream(ConfigKey.values()).map(ConfigKey::envName).distinct().count();
        assertEquals(ConfigKey.values().length, distinct);
    }

    @Test
    void loadReadsTheEnvironmentThroughTheEnvName() {
        Map<String, String> env = Map.of("MCP_OAUTH_RETRY_MAX_ATTEMPTS", "7");

        McpOAuthConfig config = McpOAuthConfig.load(null, null, env::get);

        assertEquals(7, config.retry().maxAttempts());
    }

    @Test
    void loadDoesNotReadTheEnvironmentUnderTheDottedKey() {
        Map<String, String> env = Map.of(ConfigKey.RETRY_MAX_ATTEMPTS.key(), "7");

        McpOAuthConfig config = McpOAuthConfig.load(null, null, env::get);

        assertEquals(3, config.retry().maxAttempts());
    }

    @Test
    void filterInitParamBeatsContextParam() {
        assumeTrue(System.getenv(ENV) == null && System.getProperty(KEY) == null, "the real JVM already sets " + KEY);

        McpOAuthConfig config = McpOAuthConfig.load(Map.of(KEY, "from-filter")::get, Map.of(KEY, "from-context")::get);

        assertEquals("from-filter", config.clientName());
    }

    @Test
    void contextParamBeatsDefault() {
        McpOAuthConfig config = McpOAuthConfig.load(null, Map.of(KEY, "from-context")::get, noEnv());

        assertEquals("from-context", config.clientName());
    }

    @Test
    void environmentBeatsFilterInitParam() {
        McpOAuthConfig config = McpOAuthConfig.load(
                Map.of(KEY, "from-filter")::get, Map.of(KEY, "from-context")::get, Map.of(ENV, "from-env")::get);

        assertEquals("from-env", config.clientName());
    }

    @Test
    void systemPropertyBeatsEnvironmentFilterAndContext() {
        String previous = System.getProperty(KEY);
        System.setProperty(KEY, "from-system-property");
        try {
            McpOAuthConfig config = McpOAuthConfig.load(
                    Map.of(KEY, "from-filter")::get, Map.of(KEY, "from-context")::get, Map.of(ENV, "from-env")::get);

            assertEquals("from-system-property", config.clientName());
        } finally {
            if (previous == null) {
                System.clearProperty(KEY);
            } else {
                System.setProperty(KEY, previous);
            }
        }
    }

    @Test
    void eachKeyIsResolvedOnItsOwn() {
        Map<String, String> filter = Map.of(ConfigKey.PATH.key(), "/from-filter");
        Map<String, String> context = Map.of(ConfigKey.PATH.key(), "/from-context", KEY, "from-context");

        McpOAuthConfig config = McpOAuthConfig.load(filter::get, context::get, noEnv());

        assertEquals("/from-filter", config.path());
        assertEquals("from-context", config.clientName());
    }

    @Test
    void aKeyOnlyInMicroProfileConfigIsRead() {
        McpOAuthConfig config = McpOAuthConfig.load(null, null, noEnv(), microProfile(Map.of(KEY, "from-mp")));

        assertEquals("from-mp", config.clientName());
    }

    @Test
    void microProfileConfigSitsBelowTheEnvironmentAndAboveInitAndContextParams() {
        Function<String, String> mp = microProfile(Map.of(KEY, "from-mp", ConfigKey.PATH.key(), "/from-mp"));

        McpOAuthConfig belowEnv = McpOAuthConfig.load(
                Map.of(KEY, "from-filter")::get, Map.of(KEY, "from-context")::get, Map.of(ENV, "from-env")::get, mp);
        McpOAuthConfig aboveParams = McpOAuthConfig.load(Map.of(ConfigKey.PATH.key(), "/from-filter")::get,
                Map.of(KEY, "from-context")::get, noEnv(), mp);

        assertEquals("from-env", belowEnv.clientName());
        assertEquals("/from-mp", aboveParams.path());
        assertEquals("from-mp", aboveParams.clientName());
    }

    @Test
    void publicLoadReadsTheApplicationsMicroProfileConfig() {
        assumeTrue(System.getenv(ENV) == null && System.getProperty(KEY) == null, "the real JVM already sets " + KEY);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        Config config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of(KEY, "from-mp"), "test", 500)).build();
        resolver.registerConfig(config, loader);
        try {
            assertEquals("from-mp", McpOAuthConfig.load(null, Map.of(KEY, "from-context")::get).clientName());
        } finally {
            resolver.releaseConfig(config);
        }
    }

    @Test
    void withoutTheMicroProfileApiNothingChanges() {
        assertFalse(MicroProfileSource.available(ClassLoader.getPlatformClassLoader()));
        assertTrue(MicroProfileSource.available(MicroProfileSource.class.getClassLoader()));
        assumeTrue(System.getenv(ENV) == null && System.getProperty(KEY) == null, "the real JVM already sets " + KEY);

        McpOAuthConfig config = McpOAuthConfig.load(null, Map.of(KEY, "from-context")::get, noEnv(), null);

        assertEquals("from-context", config.clientName());
    }

    /** MicroProfile Config (SmallRye) holding only {@code values}, as the source {@link McpOAuthConfig} reads. */
    private static Function<String, String> microProfile(Map<String, String> values) {
        Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 500)).build();
        return key -> config.getOptionalValue(key, String.class).orElse(null);
    }

    /** An environment in which no key is set. */
    private static Function<String, String> noEnv() {
        return name -> null;
    }
}
