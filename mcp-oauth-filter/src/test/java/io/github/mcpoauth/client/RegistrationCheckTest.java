package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import io.github.mcpoauth.store.SharedClient;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.LogCapture;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestClock;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Before an authorization starts with a stored shared registration, the module reads it at the
 * authorization server (RFC 7592 section 2.1), at most once a minute per registration: one the AS
 * deleted (401) is replaced by a new registration, a rotated registration access token is kept
 * (and the later RFC 7592 DELETE needs it), and a read that fails, or is refused with 403, leaves
 * the stored client in use.
 */
class RegistrationCheckTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TestClock clock = TestClock.startingNow();
    private TestAuthorizationServer as;
    private TestMcpServer mcp;
    private ClientHarness harness;

    @BeforeEach
    void start() {
        as = TestAuthorizationServer.builder().start();
        mcp = TestMcpServer.builder().protectedBy(as).start();
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        mcp.close();
        as.close();
    }

    @Test
    void aRegistrationDeletedAtTheAuthorizationServerIsReplacedBeforeTheNextOwnerIsSentThere() throws Exception {
        harness = new ClientHarness(Map.of(), clock);
        String deleted = clientIdOf(ready("alice").authUrl());
        as.deleteClient(deleted); // an administrator removes it; alice holds no usable tokens from it now

        AddServerResult bob = harness.manager("bob").addMcpServer("secure", mcp.url());

        String replacement = clientIdOf(bob.authUrl());
        assertNotEquals(deleted, replacement);
        assertEquals(1, as.registrationReads().count());
        assertEquals(2, as.registrationCount());
        assertTrue(harness.store.registrations().findRegistered(as.issuer(), deleted).isEmpty(), "forgotten");
        assertTrue(as.client(replacement).isPresent());
        assertEquals(ConnectionState.READY, complete("bob", bob).state());
    }

    @Test
    void aRotatedRegistrationAccessTokenIsStoredAndTheRegistrationIsDeletedWithIt() throws Exception {
        harness = new ClientHarness(Map.of(), clock);
        as.registrationReads().rotateTokens();
        try (LogCapture log = LogCapture.start()) {
            AddServerResult alice = ready("alice");
            String clientId = clientIdOf(alice.authUrl());
            String first = stored(clientId).registrationAccessToken();

            AddServerResult bob = ready("bob");

            assertEquals(clientId, clientIdOf(bob.authUrl()));
            assertEquals(1, as.registrationReads().count());
            String rotated = stored(clientId).registrationAccessToken();
            assertNotEquals(first, rotated);
            harness.manager("alice").removeMcpServer(alice.id());
            harness.manager("bob").removeMcpServer(bob.id());
            // the AS refuses the old token (401), so only a DELETE with the rotated one removes the client
            Await.until(WAIT, "the registration's deletion at the AS", () -> as.liveRegistrationCount() == 0);
            assertFalse(log.text().contains(first) || log.text().contains(rotated), "a registration token was logged");
        }
    }

    /** 403 is RFC 7592's answer for a client that exists but may not read itself, not a deleted one. */
    @ParameterizedTest
    @ValueSource(ints = {500, 503, 403})
    void aFailedReadStillStartsTheAuthorizationWithTheStoredClient(int status) throws Exception {
        harness = new ClientHarness(Map.of(), clock);
        String clientId = clientIdOf(ready("alice").authUrl());
        as.registrationReads().failWith(status);

        AddServerResult bob = harness.manager("bob").addMcpServer("secure", mcp.url());

        assertEquals(clientId, clientIdOf(bob.authUrl()));
        assertEquals(1, as.registrationReads().count());
        assertEquals(1, as.registrationCount());
        assertTrue(harness.store.registrations().findRegistered(as.issuer(), clientId).isPresent());
        assertEquals(ConnectionState.READY, complete("bob", bob).state());
    }

    @Test
    void aReadThatTimesOutStillStartsTheAuthorizationWithTheStoredClient() throws Exception {
        harness = new ClientHarness(Map.of("mcp.oauth.request-timeout", "1s"), clock);
        String clientId = clientIdOf(ready("alice").authUrl());
        Runnable release = as.registrationReads().hold();
        try {
            AddServerResult bob = harness.manager("bob").addMcpServer("secure", mcp.url());

            assertEquals(clientId, clientIdOf(bob.authUrl()));
            assertEquals(1, as.registrationReads().count());
            assertEquals(1, as.registrationCount());
        } finally {
            release.run();
        }
    }

    @Test
    void aRegistrationIsReadAtMostOnceAMinute() throws Exception {
        harness = new ClientHarness(Map.of(), clock);
        String clientId = clientIdOf(ready("alice").authUrl());
        assertEquals(0, as.registrationReads().count(), "a registration just made is not read");

        harness.manager("bob").addMcpServer("secure", mcp.url());
        clock.advance(Duration.ofSeconds(59));
        AddServerResult carol = harness.manager("carol").addMcpServer("secure", mcp.url());
        assertEquals(1, as.registrationReads().count(), "the second authorization within the minute reads nothing");

        clock.advance(Duration.ofSeconds(1));
        AddServerResult dave = harness.manager("dave").addMcpServer("secure", mcp.url());
        assertEquals(2, as.registrationReads().count());
        assertEquals(clientId, clientIdOf(carol.authUrl()));
        assertEquals(clientId, clientIdOf(dave.authUrl()));
    }

    /** Adds the server for {@code owner} and completes its authorization: the add's result. */
    private AddServerResult ready(String owner) throws Exception {
        AddServerResult added = harness.manager(owner).addMcpServer("secure", mcp.url());
        assertEquals(ConnectionState.READY, complete(owner, added).state());
        return added;
    }

    private AddServerResult complete(String owner, AddServerResult added) throws Exception {
        return harness.service.completeAuthorization(owner, new BrowserStub().authorize(added.authUrl()))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private SharedClient stored(String clientId) {
        return harness.store.registrations().findRegistered(as.issuer(), clientId).orElseThrow();
    }

    private static String clientIdOf(String authUrl) throws Exception {
        return AuthorizationRequest.parse(URI.create(authUrl)).getClientID().getValue();
    }
}
