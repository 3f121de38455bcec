package io.github.mcpoauth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Defaults, accepted value formats and secret-free {@code toString()} of {@link McpOAuthConfig}. */
class McpOAuthConfigTest {

    @Test
    void defaultsMatchTheDocumentedDefaultOfEveryKey() {
        McpOAuthConfig config = McpOAuthConfig.defaults();

        assertFalse(config.disabled());
        assertEquals("/mcp-client", config.path());
        assertEquals("principal-or-session", config.owner());
        assertEquals(Optional.empty(), config.callbackUrl());
        assertEquals(Optional.empty(), config.successRedirect());
        assertEquals(Optional.empty(), config.errorRedirect());
        assertEquals(List.of(), config.allowedOrigins());
        assertFalse(config.allowPrivateNetwork());
        assertEquals("mcp-oauth-filter", config.clientName());
        assertEquals(Optional.empty(), config.clientId());
        assertEquals(Optional.empty(), config.clientSecret());
        assertEquals(Optional.empty(), config.clientAuthMethod());
        assertEquals(Optional.empty(), config.clientJwk());
        assertEquals(Optional.empty(), config.clientMetadataUrl());
        assertEquals(Duration.ofSeconds(10), config.connectTimeout());
        assertEquals(Duration.ofSeconds(30), config.requestTimeout());
        assertEquals(Duration.ofSeconds(30), config.discoveryTimeout());
        assertEquals(Duration.ofMinutes(15), config.idleTimeout());
        assertEquals(Duration.ofMinutes(10), config.authorizationTtl());
        assertEquals(Duration.ofSeconds(60), config.refreshSkew());
        assertEquals(new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(10)), config.retry());
        assertEquals(new HttpLimits(1024, 4 << 20, 64, 8, Duration.ofSeconds(10)), config.httpLimits());
        assertEquals(50, config.maxServersPerOwner());
        assertEquals(McpOAuthConfig.StoreType.AUTO, config.store());
        assertEquals(Optional.empty(), config.tokenKey());
        assertEquals(Optional.empty(), config.dataDir());
        assertEquals(Optional.empty(), config.jdbcUrl());
        assertEquals(Optional.empty(), config.jdbcUser());
        assertEquals(Optional.empty(), config.jdbcPassword());
        assertEquals(Optional.empty(), config.dataSource());
    }

    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({"500ms, 500", "30s, 30000", "10m, 600000", "1h, 3600000", "2d, 172800000", "PT30S, 30000",
            "pt0.25s, 250", "'  45s  ', 45000"})
    void durationsAcceptShortUnitsAndIso8601(String value, long millis) {
        McpOAuthConfig config = McpOAuthConfig.fromMap(Map.of(ConfigKey.REQUEST_TIMEOUT.key(), value));

        assertEquals(Duration.ofMillis(millis), config.requestTimeout());
    }

    @Test
    void idleTimeoutAcceptsABareZeroMeaningNever() {
        McpOAuthConfig config = McpOAuthConfig.fromMap(Map.of(ConfigKey.IDLE_TIMEOUT.key(), "0"));

        assertEquals(Duration.ZERO, config.idleTimeout());
    }

    @ParameterizedTest
    @CsvSource({"true, true", "YES, true", "on, true", "1, true", "false, false", "No, false", "off, false", "0, false"})
    void booleansAcceptTheUsualSpellings(String value, boolean expected) {
        assertEquals(expected, McpOAuthConfig.fromMap(Map.of(ConfigKey.DISABLED.key(), value)).disabled());
    }

    @Test
    void storeAndListValuesAreParsed() {
        McpOAuthConfig config = McpOAuthConfig.fromMap(Map.of(
                ConfigKey.STORE.key(), "Memory",
                ConfigKey.ALLOWED_ORIGINS.key(), " https://a.example , ,https://b.example ",
                ConfigKey.CALLBACK_URL.key(), "https://app.example/ctx/mcp-client/callback"));

        assertEquals(McpOAuthConfig.StoreType.MEMORY, config.store());
        assertEquals(List.of("https://a.example", "https://b.example"), config.allowedOrigins());
        assertEquals(Optional.of(URI.create("https://app.example/ctx/mcp-client/callback")), config.callbackUrl());
    }

    @Test
    void appOwnersAndWorkloadTokensArePerOwnerAndPerIssuer() {
        McpOAuthConfig config = McpOAuthConfig.fromMap(Map.of(
                ConfigKey.APP_OWNERS.key(), "app, nightly",
                ConfigKey.WORKLOAD_TOKENS.key(), "https://sts.example=/var/run/secrets/tokens/mcp , https://other.example/t1=/tmp/t"));

        assertTrue(config.isAppOwner("app"));
        assertTrue(config.isAppOwner("nightly"));
        assertFalse(config.isAppOwner("alice"));
        assertFalse(config.isAppOwner(null));
        assertEquals(Map.of("https://sts.example", "/var/run/secrets/tokens/mcp", "https://other.example/t1", "/tmp/t"),
                config.workloadTokens());
        assertFalse(McpOAuthConfig.defaults().isAppOwner("app"));
    }

    @Test
    void toStringNeverContainsSecrets() {
        String secret = "client-secret-4f7a1c";
        String tokenKey = "dG9rZW4ta2V5LXZhbHVlLTEyMzQ1Ng==";
        String jdbcPassword = "db-password-93b2";
        String jwk = "{\"kty\":\"EC\",\"d\":\"private-part-77\"}";
        McpOAuthConfig config = McpOAuthConfig.fromMap(Map.of(
                ConfigKey.CLIENT_ID.key(), "my-client",
                ConfigKey.CLIENT_ISSUERS.key(), "https://auth.example",
                ConfigKey.CLIENT_SECRET.key(), secret,
                ConfigKey.TOKEN_KEY.key(), tokenKey,
                ConfigKey.JDBC_PASSWORD.key(), jdbcPassword,
                ConfigKey.CLIENT_JWK.key(), jwk));

        String text = config.toString();

        assertTrue(text.contains("my-client"), text);
        assertFalse(text.contains(secret), text);
        assertFalse(text.contains(tokenKey), text);
        assertFalse(text.contains(jdbcPassword), text);
        assertFalse(text.contains("private-part-77"), text);
    }

    @Test
    void sizesTakeBytesOrBinaryUnits() {
        assertEquals(4096, McpOAuthConfig.fromMap(Map.of("mcp.oauth.max-response-size", "4096")).httpLimits().maxResponseSize());
        assertEquals(512 * 1024, McpOAuthConfig.fromMap(Map.of("mcp.oauth.max-response-size", "512KiB")).httpLimits().maxResponseSize());
        assertEquals(1L << 30, McpOAuthConfig.fromMap(Map.of("mcp.oauth.max-response-size", "1 gib")).httpLimits().maxResponseSize());
        assertEquals(0, McpOAuthConfig.fromMap(Map.of("mcp.oauth.min-transfer-rate", "0")).httpLimits().minTransferRate());
    }
}
