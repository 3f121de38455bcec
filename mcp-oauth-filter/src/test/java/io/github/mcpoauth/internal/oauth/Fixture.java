package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.store.InMemoryMcpStore;
import io.github.mcpoauth.testsupport.TestClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.store.TokenSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One stub server playing an MCP server at {@code /mcp} with protected resource metadata and its
 * authorization server at issuer {@code <origin>/as} (metadata, {@code /as/authorize},
 * {@code /as/token}, {@code /as/register}), a test store and clock, and the manager under test.
 * Tests change {@link #prm}, {@link #asMetadata}, {@link #settings} or the handlers before use.
 */
final class Fixture implements AutoCloseable {

    static final String OWNER = "alice";
    static final String SERVER = "s1";
    static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(2)).build();
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    final StubServer stub = StubServer.start();
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final InMemoryMcpStore store = new InMemoryMcpStore();
    final TestClock clock = new TestClock(START);
    final Map<String, String> settings = new HashMap<>(Map.of("mcp.oauth.request-timeout", "5s",
            "mcp.oauth.allow-loopback", "true"));
    final Map<String, Object> prm = new LinkedHashMap<>();
    final Map<String, Object> asMetadata = new LinkedHashMap<>();
    final AtomicInteger issued = new AtomicInteger();
    volatile Function<StubServer.Request, StubServer.Response> tokenHandler = this::issueTokens;
    volatile Function<StubServer.Request, StubServer.Response> registrationHandler = this::register;
    private McpAuthorizationManager manager;

    Fixture() {
        prm.put("resource", stub.origin() + "/mcp");
        prm.put("authorization_servers", List.of(issuer()));
        prm.put("scopes_supported", List.of("mcp:read", "mcp:write"));
        asMetadata.put("issuer", issuer());
        asMetadata.put("authorization_endpoint", stub.origin() + "/as/authorize");
        asMetadata.put("token_endpoint", stub.origin() + "/as/token");
        asMetadata.put("registration_endpoint", stub.origin() + "/as/register");
        asMetadata.put("response_types_supported", List.of("code"));
        asMetadata.put("code_challenge_methods_supported", List.of("S256"));
        asMetadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        stub.on(WellKnownUrls.PROTECTED_RESOURCE + "/mcp", r -> StubServer.json(200, prm));
        stub.on(WellKnownUrls.AUTHORIZATION_SERVER + "/as", r -> StubServer.json(200, asMetadata));
        stub.on("/as/token", r -> tokenHandler.apply(r));
        stub.on("/as/register", r -> registrationHandler.apply(r));
    }

    String issuer() {
        return stub.origin() + "/as";
    }

    URI serverUrl() {
        return stub.url("/mcp");
    }

    URI redirectUri() {
        return URI.create("http://localhost:8080/app/mcp-client/callback");
    }

    synchronized McpAuthorizationManager manager() {
        if (manager == null) {
            manager = McpAuthorizationManager.builder().config(McpOAuthConfig.fromMap(settings))
                    .store(store).httpClient(HTTP).clock(clock).scheduler(scheduler).build();
        }
        return manager;
    }

    AuthorizationTarget target() {
        return new AuthorizationTarget(OWNER, SERVER, serverUrl(), redirectUri(), Optional.empty());
    }

    PendingAuthorization begin() {
        return await(manager().beginAuthorization(target(), BearerChallenge.none(), 1));
    }

    PendingAuthorization begin(BearerChallenge challenge) {
        return await(manager().beginAuthorization(target(), challenge, 1));
    }

    /** Begins and completes a flow as if the user approved. */
    TokenSet authorize() {
        PendingAuthorization pending = begin();
        return authorized(manager().completeAuthorization(OWNER, Map.of("code", "the-code", "state", pending.state())))
                .tokens();
    }

    StubServer.Response issueTokens(StubServer.Request request) {
        int n = issued.incrementAndGet();
        return StubServer.json(200, Map.of("access_token", "at-" + n, "refresh_token", "rt-" + n,
                "token_type", "Bearer", "expires_in", 3600));
    }

    StubServer.Response register(StubServer.Request request) {
        Map<String, Object> body = new LinkedHashMap<>(jsonBody(request));
        body.put("client_id", "dyn-client");
        if (!"none".equals(body.get("token_endpoint_auth_method"))) {
            body.put("client_secret", "dyn-secret");
        }
        return StubServer.json(201, body);
    }

    static Map<String, Object> jsonBody(StubServer.Request request) {
        try {
            return com.nimbusds.oauth2.sdk.util.JSONObjectUtils.parse(request.body());
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError("not JSON: " + request.body(), e);
        }
    }

    static Map<String, String> query(String url) {
        Map<String, String> result = new HashMap<>();
        URLUtils.parseParameters(URI.create(url).getRawQuery()).forEach((k, v) -> result.put(k, v.get(0)));
        return result;
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("future did not complete in time", e);
        }
    }

    /** Asserts that the callback exchanged its code, and returns what it stored. */
    static AuthorizationOutcome.Authorized authorized(CompletableFuture<AuthorizationOutcome> callback) {
        return assertInstanceOf(AuthorizationOutcome.Authorized.class, await(callback));
    }

    /**
     * Asserts that the callback consumed its state and ended the flow with an McpOAuthException of
     * the given code, and returns it.
     */
    static McpOAuthException ended(CompletableFuture<AuthorizationOutcome> callback, McpOAuthException.Code code) {
        AuthorizationOutcome.Ended ended = assertInstanceOf(AuthorizationOutcome.Ended.class, await(callback));
        assertEquals(OWNER, ended.owner());
        assertEquals(SERVER, ended.serverId());
        McpOAuthException error = assertInstanceOf(McpOAuthException.class, ended.error());
        assertEquals(code, error.code(), error.getMessage());
        return error;
    }

    /** Asserts that the future fails with an McpOAuthException of the given code, and returns it. */
    static McpOAuthException failure(CompletableFuture<?> future, McpOAuthException.Code code) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            McpOAuthException error = assertInstanceOf(McpOAuthException.class, e.getCause(), () -> "cause: " + e.getCause());
            if (error.code() != code) {
                fail("expected " + code + " but got " + error.code() + ": " + error.getMessage());
            }
            return error;
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("future did not complete in time", e);
        }
        return fail("expected failure " + code + " but the future succeeded");
    }

    @Override
    public void close() {
        stub.close();
        scheduler.shutdownNow();
    }
}
