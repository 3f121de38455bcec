package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The caps on requests in flight: in total, per owner, first come first served, and a bounded wait. */
class RequestGateTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void close() {
        scheduler.shutdownNow();
    }

    private static RequestGate.Permit now(CompletableFuture<RequestGate.Permit> slot) {
        assertTrue(slot.isDone(), "a slot was free");
        return slot.join();
    }

    @Test
    void aRequestOverTheTotalWaitsForTheFirstSlotThatFrees() {
        RequestGate gate = new RequestGate(2, 2, Duration.ofSeconds(30), scheduler);
        RequestGate.Permit a = now(gate.acquire("a"));
        now(gate.acquire("b"));
        CompletableFuture<RequestGate.Permit> third = gate.acquire("c");
        CompletableFuture<RequestGate.Permit> fourth = gate.acquire(null);

        assertFalse(third.isDone());
        a.release();
        a.release();
        assertTrue(third.isDone(), "the first waiter gets the freed slot");
        assertFalse(fourth.isDone(), "releasing twice frees one slot");
        assertEquals(2, gate.inFlight());
    }

    @Test
    void anOwnerAtItsCapDoesNotHoldBackOthers() {
        RequestGate gate = new RequestGate(10, 2, Duration.ofSeconds(30), scheduler);
        RequestGate.Permit a1 = now(gate.acquire("a"));
        now(gate.acquire("a"));
        CompletableFuture<RequestGate.Permit> a3 = gate.acquire("a");

        now(gate.acquire("b"));
        now(gate.acquire(null));
        assertFalse(a3.isDone(), "a's third request waits for one of a's");
        a1.release();
        assertTrue(a3.isDone());
    }

    @Test
    void aWaitThatLastsTooLongFailsAndLeavesTheQueue() throws Exception {
        RequestGate gate = new RequestGate(1, 1, Duration.ofMillis(200), scheduler);
        RequestGate.Permit held = now(gate.acquire("a"));
        CompletableFuture<RequestGate.Permit> late = gate.acquire("b");
        CompletableFuture<RequestGate.Permit> cancelled = gate.acquire("c");
        cancelled.cancel(false);

        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> late.get(5, TimeUnit.SECONDS));
        McpOAuthException error = assertInstanceOf(McpOAuthException.class, e.getCause());
        assertEquals(McpOAuthException.Code.UNAVAILABLE, error.code());
        assertTrue(error.getMessage().startsWith("Too many outbound requests"), error.getMessage());

        held.release();
        assertEquals(0, gate.inFlight(), "no slot went to a waiter that had left");
        now(gate.acquire("d")).release();
    }
}
