package io.github.mcpoauth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad value fails with an {@link McpOAuthConfigException} that names the key. */
class McpOAuthConfigValidationTest {

    @ParameterizedTest(name = "{0} = ''{1}'' is refused")
    @CsvSource(delimiter = '|', value = {
            // bad boolean
            "DISABLED | maybe",
            "ALLOW_PRIVATE_NETWORK | yes please",
            // bad duration: no unit, unknown unit, negative, zero where a positive one is needed
            "CONNECT_TIMEOUT | soon",
            "REQUEST_TIMEOUT | 30",
            "DISCOVERY_TIMEOUT | 5w",
            "AUTHORIZATION_TTL | PT-5S",
            "IDLE_TIMEOUT | -1s",
            "CONNECT_TIMEOUT | 0s",
            "RETRY_INITIAL_BACKOFF | 0",
            // negative, zero or non-numeric int
            "RETRY_MAX_ATTEMPTS | 0",
            "RETRY_MAX_ATTEMPTS | -1",
            "MAX_SERVERS_PER_OWNER | 0",
            "MAX_SERVERS_PER_OWNER | many",
            "MAX_SERVERS_PER_OWNER | 99999999999",
            "MAX_CONCURRENT_REQUESTS | 0",
            "MAX_CONCURRENT_REQUESTS_PER_OWNER | -2",
            "REQUEST_QUEUE_TIMEOUT | 0",
            // bad size: unknown unit, negative, zero where a positive one is needed
            "MAX_RESPONSE_SIZE | 4MB",
            "MAX_RESPONSE_SIZE | 0",
            "MIN_TRANSFER_RATE | -1",
            "MIN_TRANSFER_RATE | fast",
            // bad path
            "PATH | mcp-client",
            "PATH | /",
            "PATH | /mcp-client/",
            "PATH | /a//b",
            "PATH | /a b",
            "PATH | /mcp?x=1",
            // bad URL
            "CALLBACK_URL | not a url",
            "CALLBACK_URL | ftp://app.example/callback",
            "CALLBACK_URL | /relative/callback",
            "CLIENT_METADATA_URL | https://",
            "CLIENT_ISSUERS | auth.example",
            "CLIENT_ISSUERS | https://auth.example/?tenant=1",
            "CLIENT_ISSUERS | https://auth.example#x",
            // workload tokens: ISSUER=PATH, an issuer URL, each issuer once
            "WORKLOAD_TOKENS | https://sts.example",
            "WORKLOAD_TOKENS | https://sts.example=",
            "WORKLOAD_TOKENS | sts.example=/var/run/token",
            "WORKLOAD_TOKENS | https://sts.example=/a,https://sts.example=/b",
            // bad auth method, bad store
            "CLIENT_AUTH_METHOD | client_secret_jwt",
            "CLIENT_AUTH_METHOD | BASIC",
            "STORE | redis"})
    void badValueFailsNamingTheKey(ConfigKey key, String value) {
        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class,
                () -> McpOAuthConfig.fromMap(Map.of(key.key(), value)));

        assertEquals(key.key(), e.key());
        assertTrue(e.getMessage().contains(key.key()), e.getMessage());
        assertTrue(e.getMessage().contains(value.trim()), e.getMessage());
    }

    @Test
    void maxBackoffShorterThanInitialBackoffFailsNamingMaxBackoff() {
        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class, () -> McpOAuthConfig.fromMap(Map.of(
                ConfigKey.RETRY_INITIAL_BACKOFF.key(), "5s",
                ConfigKey.RETRY_MAX_BACKOFF.key(), "1s")));

        assertEquals(ConfigKey.RETRY_MAX_BACKOFF.key(), e.key());
        assertTrue(e.getMessage().contains(ConfigKey.RETRY_MAX_BACKOFF.key()), e.getMessage());
        assertTrue(e.getMessage().contains(ConfigKey.RETRY_INITIAL_BACKOFF.key()), e.getMessage());
    }

    @Test
    void aClientIdWithoutIssuersRefusesToStartNamingTheIssuersKey() {
        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class, () -> McpOAuthConfig.fromMap(Map.of(
                ConfigKey.CLIENT_ID.key(), "my-client", ConfigKey.CLIENT_SECRET.key(), "s")));

        assertEquals(ConfigKey.CLIENT_ISSUERS.key(), e.key());
        assertTrue(e.getMessage().contains(ConfigKey.CLIENT_ID.key()), e.getMessage());
    }

    @Test
    void issuersWithoutAClientIdAreRefused() {
        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class, () -> McpOAuthConfig.fromMap(Map.of(
                ConfigKey.CLIENT_ISSUERS.key(), "https://auth.example")));

        assertEquals(ConfigKey.CLIENT_ISSUERS.key(), e.key());
    }

    @Test
    void theConfiguredClientBelongsOnlyToItsIssuersComparedExactly() {
        McpOAuthConfig config = McpOAuthConfig.fromMap(Map.of(ConfigKey.CLIENT_ID.key(), "my-client",
                ConfigKey.CLIENT_SECRET.key(), "s", ConfigKey.CLIENT_ISSUERS.key(), " https://a.example , https://b.example/t1"));

        assertEquals("my-client", config.preRegisteredClientFor("https://a.example").orElseThrow().clientId());
        assertEquals("s", config.preRegisteredClientFor("https://b.example/t1").orElseThrow().clientSecret());
        for (String other : new String[] {"https://a.example/", "https://A.example", "http://a.example",
                "https://b.example/t1/", "https://b.example", "https://evil.example", null}) {
            assertTrue(config.preRegisteredClientFor(other).isEmpty(), String.valueOf(other));
        }
    }

    @Test
    void maxBackoffEqualToInitialBackoffIsAccepted() {
        McpOAuthConfig config = McpOAuthConfig.fromMap(Map.of(
                ConfigKey.RETRY_INITIAL_BACKOFF.key(), "2s",
                ConfigKey.RETRY_MAX_BACKOFF.key(), "PT2S"));

        assertEquals(config.retry().initialBackoff(), config.retry().maxBackoff());
    }

    @Test
    void forKeyBuildsAnExceptionNamingTheKey() {
        McpOAuthConfigException e = McpOAuthConfigException.forKey(ConfigKey.STORE, "not available");

        assertEquals("mcp.oauth.store", e.key());
        assertEquals("mcp.oauth.store: not available", e.getMessage());
    }
}
