package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one gate, as both caps use it: connection attempts (a total, turns handed over on an
 * executor) and outbound requests (a total and a per-owner cap, a bounded wait), step by step on
 * the calling thread. Fairness is checked by what it costs in waiters looked at, not by time.
 */
class PermitsTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void close() {
        scheduler.shutdownNow();
    }

    private static Permits.Permit now(CompletableFuture<Permits.Permit> permit) {
        assertTrue(permit.isDone(), "a permit was free");
        return permit.join();
    }

    private Permits requests(int total, int perOwner) {
        return Permits.forRequests(total, perOwner, Duration.ofMinutes(5), scheduler);
    }

    @Test
    void turnsBeyondTheLimitWaitInOrderAndReleasingTwiceFreesOneTurn() {
        Permits gate = Permits.forConnects(2, Runnable::run);
        Permits.Permit first = now(gate.acquire(null));
        Permits.Permit second = now(gate.acquire(null));
        CompletableFuture<Permits.Permit> third = gate.acquire(null);
        CompletableFuture<Permits.Permit> fourth = gate.acquire(null);
        assertFalse(third.isDone());
        assertEquals(2, gate.waiting());

        first.release();
        first.release();
        assertTrue(third.isDone());
        assertFalse(fourth.isDone(), "releasing twice must not free a second turn");
        assertEquals(2, gate.inUse());

        second.release();
        fourth.join().release();
        third.join().release();
        assertEquals(0, gate.inUse());
        assertEquals(0, gate.waiting());
        assertEquals(2, gate.peak());
    }

    @Test
    void aFreedTurnIsHandedOverOnTheExecutorNotOnTheReleasingStack() {
        ArrayDeque<Runnable> handOffs = new ArrayDeque<>();
        Permits gate = Permits.forConnects(1, handOffs::add);
        Permits.Permit first = now(gate.acquire(null));
        CompletableFuture<Permits.Permit> next = gate.acquire(null);

        first.release();

        assertFalse(next.isDone(), "the releasing thread does not run the next attempt");
        assertEquals(1, handOffs.size());
        handOffs.poll().run();
        assertTrue(next.isDone());
        assertEquals(1, gate.inUse());
    }

    @Test
    void aCancelledWaiterPassesItsTurnOn() {
        Permits gate = Permits.forConnects(2, Runnable::run);
        Permits.Permit first = now(gate.acquire(null));
        now(gate.acquire(null));
        CompletableFuture<Permits.Permit> cancelled = gate.acquire(null);
        CompletableFuture<Permits.Permit> next = gate.acquire(null);
        cancelled.cancel(false);
        assertEquals(1, gate.waiting());

        first.release();

        assertTrue(next.isDone());
        assertEquals(2, gate.inUse());
    }

    @Test
    void closingFailsTheWaitersAndRefusesNewTurns() {
        Permits gate = requests(2, 1);
        now(gate.acquire("a"));
        now(gate.acquire("b"));
        CompletableFuture<Permits.Permit> overTotal = gate.acquire("c");
        CompletableFuture<Permits.Permit> overOwner = gate.acquire("a");

        gate.close();

        for (CompletableFuture<Permits.Permit> waiting : List.of(overTotal, overOwner)) {
            ExecutionException refused = assertThrows(ExecutionException.class, waiting::get);
            assertEquals(McpOAuthException.Code.UNAVAILABLE, ((McpOAuthException) refused.getCause()).code());
        }
        assertEquals(0, gate.waiting());
        assertTrue(gate.acquire("d").isCompletedExceptionally());
    }

    @Test
    void aRequestOverTheTotalWaitsForTheFirstSlotThatFrees() {
        Permits gate = requests(2, 2);
        Permits.Permit a = now(gate.acquire("a"));
        now(gate.acquire("b"));
        CompletableFuture<Permits.Permit> third = gate.acquire("c");
        CompletableFuture<Permits.Permit> fourth = gate.acquire(null);

        assertFalse(third.isDone());
        a.release();
        a.release();
        assertTrue(third.isDone(), "the first waiter gets the freed slot");
        assertFalse(fourth.isDone(), "releasing twice frees one slot");
        assertEquals(2, gate.inUse());
    }

    @Test
    void anOwnerAtItsCapDoesNotHoldBackOthers() {
        Permits gate = requests(10, 2);
        Permits.Permit a1 = now(gate.acquire("a"));
        now(gate.acquire("a"));
        CompletableFuture<Permits.Permit> a3 = gate.acquire("a");

        now(gate.acquire("b"));
        now(gate.acquire(null));
        assertFalse(a3.isDone(), "a's third request waits for one of a's");
        a1.release();
        assertTrue(a3.isDone());
    }

    @Test
    void eligibleWaitersOfDifferentOwnersAreServedInArrivalOrder() {
        Permits gate = requests(2, 1);
        Permits.Permit a = now(gate.acquire("a"));
        Permits.Permit b = now(gate.acquire("b"));
        CompletableFuture<Permits.Permit> c = gate.acquire("c");
        CompletableFuture<Permits.Permit> a2 = gate.acquire("a");
        CompletableFuture<Permits.Permit> d = gate.acquire("d");

        b.release();
        assertTrue(c.isDone(), "c came first and fits");
        assertFalse(a2.isDone() || d.isDone());

        a.release();
        assertTrue(a2.isDone(), "a's own release makes a's waiter, earlier than d, eligible");
        assertFalse(d.isDone());

        c.join().release();
        assertTrue(d.isDone());
    }

    @Test
    void aWaitThatLastsTooLongFailsAndLeavesTheQueue() throws Exception {
        Permits gate = Permits.forRequests(1, 1, Duration.ofMillis(200), scheduler);
        Permits.Permit held = now(gate.acquire("a"));
        CompletableFuture<Permits.Permit> late = gate.acquire("b");
        CompletableFuture<Permits.Permit> cancelled = gate.acquire("c");
        cancelled.cancel(false);

        ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(5, TimeUnit.SECONDS));
        McpOAuthException error = assertInstanceOf(McpOAuthException.class, e.getCause());
        assertEquals(McpOAuthException.Code.UNAVAILABLE, error.code());
        assertTrue(error.getMessage().startsWith("Too many outbound requests"), error.getMessage());
        assertEquals(0, gate.waiting());

        held.release();
        assertEquals(0, gate.inUse(), "no slot went to a waiter that had left");
        now(gate.acquire("d")).release();
    }

    @Test
    void tenThousandQueuedRequestsOfOneOwnerCostAnotherOwnerNothing() {
        Permits gate = requests(3, 2);
        Permits.Permit a1 = now(gate.acquire("a"));
        now(gate.acquire("a"));
        Permits.Permit b1 = now(gate.acquire("b"));
        List<CompletableFuture<Permits.Permit>> queuedOfA = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            queuedOfA.add(gate.acquire("a"));
        }
        CompletableFuture<Permits.Permit> b2 = gate.acquire("b");

        long before = gate.visited();
        b1.release();
        assertTrue(b2.isDone(), "b's request got the slot b freed");
        assertEquals(1, gate.visited() - before, "waiters looked at to hand b's slot on");

        before = gate.visited();
        b2.join().release();
        assertTrue(now(gate.acquire("b")) != null, "b acquires at once past a's queue");
        assertEquals(0, gate.visited() - before, "a's waiters are not looked at while a is at its cap");

        before = gate.visited();
        a1.release();
        assertTrue(queuedOfA.get(0).isDone(), "a's queue moves in order");
        assertTrue(queuedOfA.stream().skip(1).noneMatch(CompletableFuture::isDone));
        assertEquals(1, gate.visited() - before);
        assertEquals(9_999, gate.waiting());
    }

    @Test
    void waitersThatLeaveCostOneLookEachAndKeepTheOrder() {
        Permits gate = requests(1, 1);
        Permits.Permit held = now(gate.acquire("a"));
        List<CompletableFuture<Permits.Permit>> queued = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            queued.add(gate.acquire("a"));
        }
        long before = gate.visited();
        for (int i = 0; i < queued.size(); i += 2) {
            queued.get(i).cancel(false);
        }
        assertEquals(5_000, gate.waiting());

        Permits.Permit current = held;
        for (int i = 1; i < queued.size(); i += 2) {
            current.release();
            assertTrue(queued.get(i).isDone(), "the next waiter still queued, " + i);
            current = queued.get(i).join();
        }
        current.release();
        assertEquals(0, gate.waiting());
        assertEquals(0, gate.inUse());
        assertTrue(gate.visited() - before <= 3 * queued.size(), "looked at " + (gate.visited() - before));
    }
}
