package io.github.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link McpStore} must do, whatever keeps the data. Each implementation extends this
 * class with a {@link #newStore()} that returns a fresh, empty store; the JPA module runs it on H2
 * and PostgreSQL through this module's test-jar.
 *
 * <p>Instants carry microseconds but no nanoseconds, so databases can store them exactly.
 */
public abstract class McpStoreContract {

    /** A base time with a non-zero microsecond part. */
    protected static final Instant T0 = Instant.parse("2026-05-17T08:30:15.123456789Z").truncatedTo(ChronoUnit.MICROS);

    private static final long TIMEOUT_SECONDS = 30;
    private static final String ALICE = "alice";
    private static final String BOB = "bob";

    /** The store under test, fresh for each test. */
    protected McpStore store;

    /** A new, empty store; closed after the test. */
    protected abstract McpStore newStore();

    @BeforeEach
    public void openStore() {
        store = newStore();
    }

    @AfterEach
    public void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // ---- servers

    @Test
    public void serverWithEveryFieldRoundTrips() {
        StoredServer server = fullServer(ALICE, "s1", T0);
        store.servers().save(server);

        assertEquals(Optional.of(server), store.servers().find(ALICE, "s1"));
    }

    @Test
    public void serverWithNullOptionalFieldsAndNoHeadersRoundTrips() {
        StoredServer server = server(ALICE, "s1", T0);
        store.servers().save(server);

        StoredServer found = store.servers().find(ALICE, "s1").orElseThrow();
        assertEquals(server, found);
        assertEquals(Map.of(), found.headers());
    }

    @Test
    public void serverFindOfAbsentIdIsEmpty() {
        assertEquals(Optional.empty(), store.servers().find(ALICE, "nope"));
    }

    @Test
    public void serverSaveWithSameOwnerAndIdReplaces() {
        store.servers().save(server(ALICE, "s1", T0));
        StoredServer renamed = fullServer(ALICE, "s1", T0.plusSeconds(1));
        store.servers().save(renamed);

        assertEquals(Optional.of(renamed), store.servers().find(ALICE, "s1"));
        assertEquals(List.of(renamed), store.servers().list(ALICE));
    }

    @Test
    public void serverListIsOldestFirstThenById() {
        StoredServer newest = server(ALICE, "a-newest", T0.plusSeconds(20));
        StoredServer tieB = server(ALICE, "tie-b", T0.plusSeconds(10));
        StoredServer oldest = server(ALICE, "z-oldest", T0);
        StoredServer tieA = server(ALICE, "tie-a", T0.plusSeconds(10));
        StoredServer oneMicroLater = server(ALICE, "micro", T0.plus(1, ChronoUnit.MICROS));
        for (StoredServer s : List.of(newest, tieB, oldest, tieA, oneMicroLater)) {
            store.servers().save(s);
        }

        assertEquals(List.of(oldest, oneMicroLater, tieA, tieB, newest), store.servers().list(ALICE));
    }

    @Test
    public void serverListOfOwnerWithoutServersIsEmpty() {
        store.servers().save(server(ALICE, "s1", T0));

        assertEquals(List.of(), store.servers().list(BOB));
    }

    @Test
    public void serverTotalsCountEveryOwnersServersAndTheOwners() {
        assertEquals(new ServerStore.Totals(0, 0), store.servers().totals());
        store.servers().save(server(ALICE, "s1", T0));
        store.servers().save(server(BOB, "s1", T0.plusSeconds(1)));
        store.servers().save(fullServer(BOB, "s2", T0.plusSeconds(2)));
        store.servers().save(server(BOB, "s2", T0.plusSeconds(3))); // a replacement counts once

        assertEquals(new ServerStore.Totals(3, 2), store.servers().totals());

        store.servers().delete(ALICE, "s1");
        assertEquals(new ServerStore.Totals(2, 1), store.servers().totals());
    }

    @Test
    public void serverDeleteReturnsTrueOnceThenFalse() {
        store.servers().save(server(ALICE, "s1", T0));

        assertTrue(store.servers().delete(ALICE, "s1"));
        assertFalse(store.servers().delete(ALICE, "s1"));
        assertEquals(Optional.empty(), store.servers().find(ALICE, "s1"));
    }

    @Test
    public void serverDeleteOfAbsentIdReturnsFalse() {
        assertFalse(store.servers().delete(ALICE, "never-saved"));
    }

    @Test
    public void serversWithTheSameIdAreSeparatePerOwner() {
        StoredServer alices = fullServer(ALICE, "same", T0);
        StoredServer bobs = server(BOB, "same", T0.plusSeconds(1));
        store.servers().save(alices);
        store.servers().save(bobs);

        assertEquals(Optional.of(alices), store.servers().find(ALICE, "same"));
        assertEquals(Optional.of(bobs), store.servers().find(BOB, "same"));
        assertTrue(store.servers().delete(BOB, "same"));
        assertEquals(Optional.of(alices), store.servers().find(ALICE, "same"));
    }

    @Test
    public void serverOfOneOwnerIsInvisibleAndUndeletableForAnother() {
        StoredServer alices = server(ALICE, "alice-only", T0);
        store.servers().save(alices);

        assertEquals(Optional.empty(), store.servers().find(BOB, "alice-only"));
        assertEquals(List.of(), store.servers().list(BOB));
        assertFalse(store.servers().delete(BOB, "alice-only"));
        assertEquals(List.of(alices), store.servers().list(ALICE));
    }

    // ---- tokens

    @Test
    public void tokensWithEveryFieldRoundTrip() {
        TokenSet tokens = fullTokens("access-1");
        store.tokens().save(ALICE, "s1", tokens);

        assertEquals(Optional.of(tokens), store.tokens().find(ALICE, "s1"));
    }

    @Test
    public void tokensWithNullOptionalFieldsRoundTrip() {
        TokenSet tokens = new TokenSet("access-1", null, null, null, null, T0);
        store.tokens().save(ALICE, "s1", tokens);

        TokenSet found = store.tokens().find(ALICE, "s1").orElseThrow();
        assertEquals(tokens, found);
        assertEquals("Bearer", found.tokenType());
    }

    @Test
    public void aDpopKeyIsKeptWithItsTokensAndAcrossAReplace() {
        TokenSet first = fullTokens("access-1");
        store.tokens().save(ALICE, "s1", first);
        TokenSet refreshed = new TokenSet("access-2", "refresh-2", "DPoP", T0.plusSeconds(7200), first.scope(),
                T0.plusSeconds(3600), first.dpopKey());

        assertTrue(store.tokens().replace(ALICE, "s1", first, refreshed));

        TokenSet found = store.tokens().find(ALICE, "s1").orElseThrow();
        assertEquals(first.dpopKey(), found.dpopKey());
        assertTrue(found.dpopBound());
        assertEquals(Optional.empty(), store.tokens().find(BOB, "s1"));
    }

    @Test
    public void tokensFindOfAbsentServerIsEmpty() {
        assertEquals(Optional.empty(), store.tokens().find(ALICE, "s1"));
    }

    @Test
    public void tokensSaveReplaces() {
        store.tokens().save(ALICE, "s1", fullTokens("old"));
        TokenSet newer = new TokenSet("new", null, "Bearer", null, null, T0.plusSeconds(5));
        store.tokens().save(ALICE, "s1", newer);

        assertEquals(Optional.of(newer), store.tokens().find(ALICE, "s1"));
    }

    @Test
    public void tokensDeleteRemovesThemAndDeletingAbsentTokensIsHarmless() {
        store.tokens().save(ALICE, "s1", fullTokens("access-1"));

        store.tokens().delete(ALICE, "s1");
        store.tokens().delete(ALICE, "s1");
        store.tokens().delete(ALICE, "never-saved");

        assertEquals(Optional.empty(), store.tokens().find(ALICE, "s1"));
    }

    @Test
    public void tokensAreKeptPerServer() {
        TokenSet one = fullTokens("one");
        TokenSet two = fullTokens("two");
        store.tokens().save(ALICE, "s1", one);
        store.tokens().save(ALICE, "s2", two);

        store.tokens().delete(ALICE, "s1");

        assertEquals(Optional.empty(), store.tokens().find(ALICE, "s1"));
        assertEquals(Optional.of(two), store.tokens().find(ALICE, "s2"));
    }

    @Test
    public void tokensAreIsolatedByOwner() {
        TokenSet alices = fullTokens("alice-token");
        store.tokens().save(ALICE, "s1", alices);

        assertEquals(Optional.empty(), store.tokens().find(BOB, "s1"));
        assertFalse(store.tokens().replace(BOB, "s1", alices, fullTokens("stolen")));
        store.tokens().delete(BOB, "s1");
        TokenSet bobs = fullTokens("bob-token");
        store.tokens().save(BOB, "s1", bobs);

        assertEquals(Optional.of(alices), store.tokens().find(ALICE, "s1"));
        assertEquals(Optional.of(bobs), store.tokens().find(BOB, "s1"));
    }

    @Test
    public void tokenReplaceSucceedsWhenStoredTokensEqualExpected() {
        store.tokens().save(ALICE, "s1", fullTokens("access-1"));
        TokenSet next = fullTokens("access-2");

        // An equal copy, not the saved instance: stores compare values.
        assertTrue(store.tokens().replace(ALICE, "s1", fullTokens("access-1"), next));
        assertEquals(Optional.of(next), store.tokens().find(ALICE, "s1"));
    }

    @Test
    public void tokenReplaceWithStaleExpectedFailsAndChangesNothing() {
        TokenSet first = fullTokens("access-1");
        TokenSet second = fullTokens("access-2");
        store.tokens().save(ALICE, "s1", first);
        assertTrue(store.tokens().replace(ALICE, "s1", first, second));

        assertFalse(store.tokens().replace(ALICE, "s1", first, fullTokens("access-3")));
        assertEquals(Optional.of(second), store.tokens().find(ALICE, "s1"));
    }

    @Test
    public void tokenReplaceComparesEveryFieldToTheMicrosecond() {
        TokenSet stored = fullTokens("access-1");
        store.tokens().save(ALICE, "s1", stored);
        TokenSet otherExpiry = new TokenSet(stored.accessToken(), stored.refreshToken(), stored.tokenType(),
                stored.expiresAt().plus(1, ChronoUnit.MICROS), stored.scope(), stored.issuedAt(), stored.dpopKey());
        TokenSet otherScope = new TokenSet(stored.accessToken(), stored.refreshToken(), stored.tokenType(),
                stored.expiresAt(), "other", stored.issuedAt(), stored.dpopKey());
        TokenSet noRefresh = new TokenSet(stored.accessToken(), null, stored.tokenType(),
                stored.expiresAt(), stored.scope(), stored.issuedAt(), stored.dpopKey());
        TokenSet otherKey = new TokenSet(stored.accessToken(), stored.refreshToken(), stored.tokenType(),
                stored.expiresAt(), stored.scope(), stored.issuedAt(), stored.dpopKey().replace("\"d\":", "\"d\": "));
        TokenSet noKey = new TokenSet(stored.accessToken(), stored.refreshToken(), stored.tokenType(),
                stored.expiresAt(), stored.scope(), stored.issuedAt());

        assertFalse(store.tokens().replace(ALICE, "s1", otherExpiry, fullTokens("x")));
        assertFalse(store.tokens().replace(ALICE, "s1", otherScope, fullTokens("x")));
        assertFalse(store.tokens().replace(ALICE, "s1", noRefresh, fullTokens("x")));
        assertFalse(store.tokens().replace(ALICE, "s1", otherKey, fullTokens("x")));
        assertFalse(store.tokens().replace(ALICE, "s1", noKey, fullTokens("x")));
        assertEquals(Optional.of(stored), store.tokens().find(ALICE, "s1"));
    }

    @Test
    public void tokenReplaceAfterDeleteFailsAndDoesNotResurrectTokens() {
        TokenSet tokens = fullTokens("access-1");
        store.tokens().save(ALICE, "s1", tokens);
        store.tokens().delete(ALICE, "s1");

        assertFalse(store.tokens().replace(ALICE, "s1", tokens, fullTokens("late-refresh")));
        assertEquals(Optional.empty(), store.tokens().find(ALICE, "s1"));
    }

    @Test
    public void tokenReplaceWhenNothingWasSavedFails() {
        assertFalse(store.tokens().replace(ALICE, "s1", fullTokens("a"), fullTokens("b")));
        assertEquals(Optional.empty(), store.tokens().find(ALICE, "s1"));
    }

    @Test
    public void ofSixteenConcurrentReplacesWithTheSameExpectedExactlyOneWins() throws Exception {
        for (int round = 0; round < 3; round++) {
            String serverId = "race-" + round;
            String before = "before-" + round;
            store.tokens().save(ALICE, serverId, fullTokens(before));

            List<Boolean> results = race(16, i -> store.tokens().replace(ALICE, serverId,
                    fullTokens(before), fullTokens("after-" + i)));

            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i)) {
                    winners.add(i);
                }
            }
            assertEquals(1, winners.size(), "winners: " + winners);
            assertEquals(Optional.of(fullTokens("after-" + winners.get(0))), store.tokens().find(ALICE, serverId));
        }
    }

    // ---- client registrations

    @Test
    public void registrationWithEveryFieldRoundTrips() {
        ClientRegistration registration = fullRegistration("client-1");
        store.registrations().save(ALICE, "s1", registration);

        assertEquals(Optional.of(registration), store.registrations().find(ALICE, "s1"));
    }

    @Test
    public void registrationWithNullOptionalFieldsRoundTrips() {
        ClientRegistration registration = new ClientRegistration(null, "https://as.example/authorize",
                "https://as.example/token", "public-client", null, "none",
                "http://localhost:8080/app/mcp-client/callback", null, T0);
        store.registrations().save(ALICE, "s1", registration);

        assertEquals(Optional.of(registration), store.registrations().find(ALICE, "s1"));
    }

    @Test
    public void registrationFindOfAbsentServerIsEmpty() {
        assertEquals(Optional.empty(), store.registrations().find(ALICE, "s1"));
    }

    @Test
    public void registrationSaveReplaces() {
        store.registrations().save(ALICE, "s1", fullRegistration("client-1"));
        ClientRegistration newer = fullRegistration("client-2");
        store.registrations().save(ALICE, "s1", newer);

        assertEquals(Optional.of(newer), store.registrations().find(ALICE, "s1"));
    }

    @Test
    public void registrationDeleteRemovesItAndDeletingAbsentOneIsHarmless() {
        store.registrations().save(ALICE, "s1", fullRegistration("client-1"));
        store.registrations().save(ALICE, "s2", fullRegistration("client-2"));

        store.registrations().delete(ALICE, "s1");
        store.registrations().delete(ALICE, "s1");
        store.registrations().delete(ALICE, "never-saved");

        assertEquals(Optional.empty(), store.registrations().find(ALICE, "s1"));
        assertEquals(Optional.of(fullRegistration("client-2")), store.registrations().find(ALICE, "s2"));
    }

    @Test
    public void registrationsAreIsolatedByOwner() {
        ClientRegistration alices = fullRegistration("alice-client");
        store.registrations().save(ALICE, "s1", alices);

        assertEquals(Optional.empty(), store.registrations().find(BOB, "s1"));
        store.registrations().delete(BOB, "s1");
        ClientRegistration bobs = fullRegistration("bob-client");
        store.registrations().save(BOB, "s1", bobs);

        assertEquals(Optional.of(alices), store.registrations().find(ALICE, "s1"));
        assertEquals(Optional.of(bobs), store.registrations().find(BOB, "s1"));
    }

    // ---- shared registered clients

    @Test
    public void registeredClientWithEveryFieldRoundTripsByKeyAndByIssuerAndClientId() {
        SharedClient client = fullRegisteredClient("key-1", "https://as.example/tenant-1", "client-1");
        assertEquals(client, store.registrations().saveRegisteredIfAbsent(client));

        assertEquals(Optional.of(client), store.registrations().findRegistered("key-1"));
        assertEquals(Optional.of(client), store.registrations().findRegistered("https://as.example/tenant-1", "client-1"));
        assertEquals(Optional.empty(), store.registrations().findRegistered("key-2"));
        assertEquals(Optional.empty(), store.registrations().findRegistered("https://as.example/tenant-2", "client-1"));
    }

    @Test
    public void registeredPublicClientWithoutRegistrationEndpointRoundTrips() {
        SharedClient client = new SharedClient("key-1", "https://as.example", "public-client", null, "none",
                null, null, T0);
        store.registrations().saveRegisteredIfAbsent(client);

        assertEquals(Optional.of(client), store.registrations().findRegistered("key-1"));
    }

    @Test
    public void aRegisteredClientUnderATakenKeyIsNotStoredAndTheFirstIsReturned() {
        SharedClient first = fullRegisteredClient("key-1", "https://as.example", "client-1");
        store.registrations().saveRegisteredIfAbsent(first);

        SharedClient second = fullRegisteredClient("key-1", "https://as.example", "client-2");
        assertEquals(first, store.registrations().saveRegisteredIfAbsent(second));
        assertEquals(Optional.of(first), store.registrations().findRegistered("key-1"));
        assertEquals(Optional.empty(), store.registrations().findRegistered("https://as.example", "client-2"));
    }

    @Test
    public void ofEightConcurrentSavesUnderOneKeyAllGetTheOneStored() throws Exception {
        List<SharedClient> results = race(8, i -> store.registrations().saveRegisteredIfAbsent(
                fullRegisteredClient("key-race", "https://as.example", "client-" + i)));

        SharedClient stored = store.registrations().findRegistered("key-race").orElseThrow();
        assertTrue(results.stream().allMatch(stored::equals), "results: " + results);
    }

    @Test
    public void aRegistrationAccessTokenIsReplacedOnlyWhileItIsTheExpectedOne() {
        SharedClient client = fullRegisteredClient("key-1", "https://as.example", "client-1");
        store.registrations().saveRegisteredIfAbsent(client);
        String first = client.registrationAccessToken();

        assertFalse(store.registrations().replaceRegistrationAccessToken("key-1", "not-the-token", "rotated-1"));
        assertEquals(Optional.of(client), store.registrations().findRegistered("key-1"));
        assertTrue(store.registrations().replaceRegistrationAccessToken("key-1", first, "rotated-1"));
        assertFalse(store.registrations().replaceRegistrationAccessToken("key-1", first, "rotated-2"),
                "a replacement that read the old token loses");
        assertEquals(Optional.of(client.withRegistrationAccessToken("rotated-1")),
                store.registrations().findRegistered("https://as.example", "client-1"));
        assertFalse(store.registrations().replaceRegistrationAccessToken("key-2", first, "rotated-3"), "no client");
    }

    @Test
    public void ofEightConcurrentTokenReplacementsExactlyOneWins() throws Exception {
        SharedClient client = fullRegisteredClient("key-race", "https://as.example", "client-1");
        store.registrations().saveRegisteredIfAbsent(client);

        List<Boolean> won = race(8, i -> store.registrations().replaceRegistrationAccessToken("key-race",
                client.registrationAccessToken(), "rotated-" + i));

        assertEquals(1, won.stream().filter(Boolean::booleanValue).count(), "results: " + won);
        String stored = store.registrations().findRegistered("key-race").orElseThrow().registrationAccessToken();
        assertEquals("rotated-" + won.indexOf(true), stored);
    }

    @Test
    public void deletingARegisteredClientLeavesTheSameClientIdOfAnotherIssuer() {
        store.registrations().saveRegisteredIfAbsent(fullRegisteredClient("key-1", "https://as-1.example", "client-1"));
        SharedClient other = fullRegisteredClient("key-2", "https://as-2.example", "client-1");
        store.registrations().saveRegisteredIfAbsent(other);

        store.registrations().deleteRegistered("https://as-1.example", "client-1");
        store.registrations().deleteRegistered("https://as-1.example", "client-1");
        store.registrations().deleteRegistered("https://as-1.example", "never-saved");

        assertEquals(Optional.empty(), store.registrations().findRegistered("key-1"));
        assertEquals(Optional.of(other), store.registrations().findRegistered("key-2"));
    }

    @Test
    public void aClientIsInUseWhileAnyOwnersServerRegistrationOfThatIssuerNamesIt() {
        ClientRegistration shared = fullRegistration("shared-client");
        String issuer = shared.issuer();
        store.registrations().save(ALICE, "s1", shared);
        store.registrations().save(BOB, "s7", shared);
        store.registrations().save(BOB, "s8", new ClientRegistration("https://other.example", "https://other.example/a",
                "https://other.example/t", "other-client", null, "none", "https://app.example/cb", null, T0));

        assertTrue(store.registrations().inUse(issuer, "shared-client"));
        store.registrations().delete(ALICE, "s1");
        assertTrue(store.registrations().inUse(issuer, "shared-client"));
        store.deleteServerCascade(BOB, "s7");
        assertFalse(store.registrations().inUse(issuer, "shared-client"));
        assertFalse(store.registrations().inUse(issuer, "other-client"), "the same client_id at another issuer");
        assertTrue(store.registrations().inUse("https://other.example", "other-client"));
    }

    // ---- pending authorizations

    @Test
    public void pendingAuthorizationWithEveryFieldRoundTrips() {
        PendingAuthorization pending = fullPending("state-1", ALICE, "s1", T0);
        store.pendingAuthorizations().save(pending);

        assertEquals(Optional.of(pending), store.pendingAuthorizations().find("state-1"));
    }

    @Test
    public void pendingAuthorizationWithNullOptionalFieldsRoundTrips() {
        PendingAuthorization pending = pending("state-1", ALICE, "s1", T0, T0.plusSeconds(600));
        store.pendingAuthorizations().save(pending);

        assertEquals(Optional.of(pending), store.pendingAuthorizations().find("state-1"));
    }

    @Test
    public void pendingFindDoesNotConsume() {
        PendingAuthorization pending = fullPending("state-1", ALICE, "s1", T0);
        store.pendingAuthorizations().save(pending);

        store.pendingAuthorizations().find("state-1");
        store.pendingAuthorizations().find("state-1");

        assertEquals(Optional.of(pending), store.pendingAuthorizations().consume("state-1"));
    }

    @Test
    public void pendingConsumeReturnsTheEntryOnceThenNothing() {
        PendingAuthorization pending = fullPending("state-1", ALICE, "s1", T0);
        store.pendingAuthorizations().save(pending);

        assertEquals(Optional.of(pending), store.pendingAuthorizations().consume("state-1"));
        assertEquals(Optional.empty(), store.pendingAuthorizations().consume("state-1"));
        assertEquals(Optional.empty(), store.pendingAuthorizations().find("state-1"));
    }

    @Test
    public void pendingConsumeOrFindOfUnknownStateIsEmpty() {
        store.pendingAuthorizations().save(fullPending("state-1", ALICE, "s1", T0));

        assertEquals(Optional.empty(), store.pendingAuthorizations().find("state-2"));
        assertEquals(Optional.empty(), store.pendingAuthorizations().consume("state-2"));
        assertTrue(store.pendingAuthorizations().find("state-1").isPresent());
    }

    @Test
    public void ofThirtyTwoConcurrentConsumesExactlyOneGetsTheEntry() throws Exception {
        for (int round = 0; round < 3; round++) {
            String state = "contested-" + round;
            PendingAuthorization pending = fullPending(state, ALICE, "s1", T0);
            store.pendingAuthorizations().save(pending);

            List<Optional<PendingAuthorization>> results = race(32, i -> store.pendingAuthorizations().consume(state));

            List<PendingAuthorization> got = results.stream().flatMap(Optional::stream).toList();
            assertEquals(List.of(pending), got);
            assertEquals(Optional.empty(), store.pendingAuthorizations().find(state));
        }
    }

    @Test
    public void pendingLatestIsTheNewestByCreatedAtOfThatServer() {
        PendingAuthorization older = pending("older", ALICE, "s1", T0, T0.plusSeconds(600));
        PendingAuthorization newest = fullPending("newest", ALICE, "s1", T0.plusSeconds(2));
        PendingAuthorization middle = pending("middle", ALICE, "s1", T0.plusSeconds(1), T0.plusSeconds(600));
        PendingAuthorization otherServer = pending("other-server", ALICE, "s2", T0.plusSeconds(9), T0.plusSeconds(600));
        PendingAuthorization otherOwner = pending("other-owner", BOB, "s1", T0.plusSeconds(9), T0.plusSeconds(600));
        for (PendingAuthorization p : List.of(older, newest, middle, otherServer, otherOwner)) {
            store.pendingAuthorizations().save(p);
        }

        assertEquals(Optional.of(newest), store.pendingAuthorizations().latest(ALICE, "s1"));
    }

    @Test
    public void pendingLatestWithoutPendingIsEmpty() {
        store.pendingAuthorizations().save(fullPending("state-1", ALICE, "s1", T0));

        assertEquals(Optional.empty(), store.pendingAuthorizations().latest(ALICE, "s2"));
    }

    @Test
    public void pendingAuthorizationsAreIsolatedByOwner() {
        PendingAuthorization alices = fullPending("alice-state", ALICE, "s1", T0);
        store.pendingAuthorizations().save(alices);

        assertEquals(Optional.empty(), store.pendingAuthorizations().latest(BOB, "s1"));
        store.pendingAuthorizations().deleteFor(BOB, "s1");

        assertEquals(Optional.of(alices), store.pendingAuthorizations().latest(ALICE, "s1"));
        assertEquals(Optional.of(alices), store.pendingAuthorizations().find("alice-state"));
    }

    @Test
    public void pendingSaveReplacingRetiresTheEarlierEntriesOfThatServerAndOwnerOnly() {
        store.pendingAuthorizations().save(fullPending("a1", ALICE, "s1", T0));
        store.pendingAuthorizations().save(fullPending("a2", ALICE, "s1", T0.plusSeconds(1)));
        PendingAuthorization otherServer = fullPending("a3", ALICE, "s2", T0);
        PendingAuthorization otherOwner = fullPending("b1", BOB, "s1", T0);
        store.pendingAuthorizations().save(otherServer);
        store.pendingAuthorizations().save(otherOwner);
        PendingAuthorization newest = fullPending("a4", ALICE, "s1", T0.plusSeconds(2));

        store.pendingAuthorizations().saveReplacing(newest);

        assertEquals(Optional.empty(), store.pendingAuthorizations().consume("a1"));
        assertEquals(Optional.empty(), store.pendingAuthorizations().find("a2"));
        assertEquals(Optional.of(newest), store.pendingAuthorizations().latest(ALICE, "s1"));
        assertEquals(Optional.of(otherServer), store.pendingAuthorizations().find("a3"));
        assertEquals(Optional.of(otherOwner), store.pendingAuthorizations().find("b1"));
        assertEquals(Optional.of(newest), store.pendingAuthorizations().consume("a4"));
    }

    @Test
    public void pendingDeleteForRemovesEveryEntryOfThatServerOnly() {
        store.pendingAuthorizations().save(fullPending("a1", ALICE, "s1", T0));
        store.pendingAuthorizations().save(fullPending("a2", ALICE, "s1", T0.plusSeconds(1)));
        PendingAuthorization otherServer = fullPending("a3", ALICE, "s2", T0);
        PendingAuthorization otherOwner = fullPending("b1", BOB, "s1", T0);
        store.pendingAuthorizations().save(otherServer);
        store.pendingAuthorizations().save(otherOwner);

        store.pendingAuthorizations().deleteFor(ALICE, "s1");

        assertEquals(Optional.empty(), store.pendingAuthorizations().find("a1"));
        assertEquals(Optional.empty(), store.pendingAuthorizations().find("a2"));
        assertEquals(Optional.empty(), store.pendingAuthorizations().latest(ALICE, "s1"));
        assertEquals(Optional.of(otherServer), store.pendingAuthorizations().find("a3"));
        assertEquals(Optional.of(otherOwner), store.pendingAuthorizations().find("b1"));
    }

    @Test
    public void purgeExpiredRemovesOnlyEntriesExpiredAtOrBeforeNow() {
        Instant now = T0.plusSeconds(600);
        store.pendingAuthorizations().save(pending("long-gone", ALICE, "s1", T0, T0.plusSeconds(1)));
        store.pendingAuthorizations().save(pending("expires-now", BOB, "s1", T0, now));
        PendingAuthorization oneMicroLeft = pending("one-micro-left", ALICE, "s2", T0, now.plus(1, ChronoUnit.MICROS));
        PendingAuthorization fresh = fullPending("fresh", ALICE, "s1", T0.plusSeconds(300));
        store.pendingAuthorizations().save(oneMicroLeft);
        store.pendingAuthorizations().save(fresh);

        assertEquals(2, store.pendingAuthorizations().purgeExpired(now));

        assertEquals(Optional.empty(), store.pendingAuthorizations().find("long-gone"));
        assertEquals(Optional.empty(), store.pendingAuthorizations().find("expires-now"));
        assertEquals(Optional.of(oneMicroLeft), store.pendingAuthorizations().find("one-micro-left"));
        assertEquals(Optional.of(fresh), store.pendingAuthorizations().find("fresh"));
        assertEquals(0, store.pendingAuthorizations().purgeExpired(now));
    }

    // ---- cascade

    @Test
    public void deleteServerCascadeRemovesServerTokensRegistrationAndPendingOfThatServerOnly() {
        for (String[] ownerAndServer : new String[][] {{ALICE, "s1"}, {ALICE, "s2"}, {BOB, "s1"}}) {
            String owner = ownerAndServer[0];
            String id = ownerAndServer[1];
            store.servers().save(fullServer(owner, id, T0));
            store.tokens().save(owner, id, fullTokens(owner + id));
            store.registrations().save(owner, id, fullRegistration(owner + id));
            store.pendingAuthorizations().save(fullPending("state-" + owner + id, owner, id, T0));
        }

        store.deleteServerCascade(ALICE, "s1");

        assertEquals(Optional.empty(), store.servers().find(ALICE, "s1"));
        assertEquals(Optional.empty(), store.tokens().find(ALICE, "s1"));
        assertEquals(Optional.empty(), store.registrations().find(ALICE, "s1"));
        assertEquals(Optional.empty(), store.pendingAuthorizations().find("state-alices1"));
        for (String[] kept : new String[][] {{ALICE, "s2"}, {BOB, "s1"}}) {
            String owner = kept[0];
            String id = kept[1];
            assertEquals(Optional.of(fullServer(owner, id, T0)), store.servers().find(owner, id));
            assertEquals(Optional.of(fullTokens(owner + id)), store.tokens().find(owner, id));
            assertEquals(Optional.of(fullRegistration(owner + id)), store.registrations().find(owner, id));
            assertEquals(Optional.of(fullPending("state-" + owner + id, owner, id, T0)),
                    store.pendingAuthorizations().find("state-" + owner + id));
        }
    }

    @Test
    public void deleteServerCascadeOfAbsentServerIsHarmless() {
        store.servers().save(server(ALICE, "s1", T0));

        store.deleteServerCascade(ALICE, "never-saved");
        store.deleteServerCascade(BOB, "s1");

        assertEquals(List.of(server(ALICE, "s1", T0)), store.servers().list(ALICE));
    }

    // ---- fixtures

    /** A server with only the required fields. */
    protected static StoredServer server(String owner, String id, Instant createdAt) {
        return new StoredServer(owner, id, "server " + id, "https://mcp.example/" + id + "/mcp", "auto",
                null, null, null, null, createdAt);
    }

    /** A server with every field set, including headers and a non-ASCII name. */
    protected static StoredServer fullServer(String owner, String id, Instant createdAt) {
        return new StoredServer(owner, id, "Café ☕ " + id, "https://mcp.example/" + id + "/mcp?tenant=a&x=1",
                "streamable-http", Map.of("X-Api-Key", "key-" + id, "X-Tenant", "acme", "Accept-Language", "de-CH"),
                "https://app.example/ctx/mcp-client/callback", "pre-registered-" + id, "secret-" + id, createdAt);
    }

    /**
     * Tokens with every field set; the access and refresh tokens are JWT-sized (about 4 KB), the
     * DPoP key as long as a private RSA JWK (about 2 KB).
     */
    protected static TokenSet fullTokens(String label) {
        return new TokenSet(longValue("at." + label, 4096), longValue("rt." + label, 1024), "DPoP",
                T0.plusSeconds(3600), "mcp:read mcp:write", T0,
                "{\"kty\":\"RSA\",\"alg\":\"PS256\",\"d\":\"" + longValue("d." + label, 2048) + "\"}");
    }

    protected static ClientRegistration fullRegistration(String clientId) {
        return new ClientRegistration("https://as.example/tenant-1", "https://as.example/tenant-1/authorize",
                "https://as.example/tenant-1/token", clientId, "secret-of-" + clientId, "client_secret_basic",
                "https://app.example/ctx/mcp-client/callback", "https://mcp.example/s1/mcp", T0);
    }

    protected static SharedClient fullRegisteredClient(String key, String issuer, String clientId) {
        return new SharedClient(key, issuer, clientId, "secret-of-" + clientId, "client_secret_basic",
                longValue("rat." + clientId, 512), issuer + "/register/" + clientId, T0);
    }

    /** A pending authorization with only the required fields. */
    protected static PendingAuthorization pending(String state, String owner, String serverId, Instant createdAt,
            Instant expiresAt) {
        return new PendingAuthorization(state, owner, serverId, "verifier-" + state,
                "https://app.example/ctx/mcp-client/callback", null, null, null,
                "https://as.example/authorize?state=" + state, 1, createdAt, expiresAt);
    }

    /** A pending authorization with every field set and a long (about 2 KB) authorization URL. */
    protected static PendingAuthorization fullPending(String state, String owner, String serverId, Instant createdAt) {
        return new PendingAuthorization(state, owner, serverId, longValue("verifier-" + state, 128),
                "https://app.example/ctx/mcp-client/callback", "https://mcp.example/" + serverId + "/mcp",
                "mcp:read mcp:write", "https://as.example/tenant-1",
                "https://as.example/authorize?state=" + state + "&scope=" + longValue("s", 2000), 2,
                createdAt, createdAt.plusSeconds(600), true, "ES256");
    }

    /** A deterministic base64url-like value of exactly {@code length} characters. */
    private static String longValue(String prefix, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder value = new StringBuilder(prefix).append('.');
        for (int i = 0; value.length() < length; i++) {
            value.append(alphabet.charAt((i * 7 + prefix.length()) % alphabet.length()));
        }
        return value.substring(0, length);
    }

    // ---- concurrency

    /** One racer's work; {@code index} tells the racers apart. */
    @FunctionalInterface
    protected interface Racer<T> {
        T run(int index) throws Exception;
    }

    /** Starts {@code threads} racers at the same moment and returns their results in index order. */
    protected static <T> List<T> race(int threads, Racer<T> racer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "store-contract-racer");
            thread.setDaemon(true);
            return thread;
        });
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    if (!go.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        throw new TimeoutException("start signal never came");
                    }
                    return racer.run(index);
                }));
            }
            assertTrue(ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "racers did not all start");
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
            if (!pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("racer threads did not stop within " + Duration.ofSeconds(TIMEOUT_SECONDS));
            }
        }
    }
}
