package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The connect cap's queue, step by step, on the calling thread. */
class ConnectGateTest {

    private final ConnectGate gate = new ConnectGate(2, Runnable::run);

    @Test
    void turnsBeyondTheLimitWaitInOrderAndLeavingTwiceFreesOneTurn() {
        Runnable first = gate.enter().join();
        Runnable second = gate.enter().join();
        CompletableFuture<Runnable> third = gate.enter();
        CompletableFuture<Runnable> fourth = gate.enter();
        assertFalse(third.isDone());
        assertEquals(2, gate.waiting());

        first.run();
        first.run();
        assertTrue(third.isDone());
        assertFalse(fourth.isDone(), "leaving twice must not free a second turn");
        assertEquals(2, gate.running());

        second.run();
        fourth.join().run();
        third.join().run();
        assertEquals(0, gate.running());
        assertEquals(2, gate.peak());
    }

    @Test
    void aCancelledWaiterPassesItsTurnOn() {
        Runnable first = gate.enter().join();
        gate.enter().join();
        CompletableFuture<Runnable> cancelled = gate.enter();
        CompletableFuture<Runnable> next = gate.enter();
        cancelled.cancel(false);

        first.run();

        assertTrue(next.isDone());
    }

    @Test
    void closingFailsTheWaitersAndRefusesNewTurns() {
        gate.enter().join();
        gate.enter().join();
        CompletableFuture<Runnable> waiting = gate.enter();

        gate.close();

        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, waiting::get);
        assertEquals(McpOAuthException.Code.UNAVAILABLE, ((McpOAuthException) refused.getCause()).code());
        assertTrue(gate.enter().isCompletedExceptionally());
    }
}
