package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Caps outbound HTTP requests in flight, in total and per owner ({@code mcp.oauth.max-concurrent-requests},
 * {@code mcp.oauth.max-concurrent-requests-per-owner}), so that one owner's many or slow servers
 * cannot take every connection. A request over a cap waits in a first-come queue as a pending
 * future, never as a thread, for at most {@code mcp.oauth.request-queue-timeout}; a slot freed by
 * any request goes to the first waiter it fits (a waiter held back by its own owner's cap does not
 * hold back others). Requests without an owner (OAuth and metadata, whose discovery answers are
 * shared) count only toward the total.
 */
final class RequestGate {

    /** One granted slot; releasing it twice is harmless. */
    final class Permit {
        private final String owner;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String owner) {
            this.owner = owner;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                RequestGate.this.release(owner);
            }
        }
    }

    private record Waiter(String owner, CompletableFuture<Permit> slot) {
    }

    private final int total;
    private final int perOwner;
    private final Duration maxWait;
    private final ScheduledExecutorService scheduler;
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private final Map<String, Integer> byOwner = new HashMap<>();
    private int inFlight;

    RequestGate(int total, int perOwner, Duration maxWait, ScheduledExecutorService scheduler) {
        this.total = total;
        this.perOwner = perOwner;
        this.maxWait = maxWait;
        this.scheduler = scheduler;
    }

    /**
     * A slot for one request of {@code owner} (null: none), at once when one is free, else when
     * one frees up; fails with {@link Code#UNAVAILABLE} after the maximum wait. Cancelling the
     * returned future leaves the queue.
     */
    CompletableFuture<Permit> acquire(String owner) {
        Waiter waiter = new Waiter(owner, new CompletableFuture<>());
        synchronized (this) {
            if (fits(owner)) {
                return CompletableFuture.completedFuture(take(owner));
            }
            queue.add(waiter);
        }
        try {
            ScheduledFuture<?> timer = scheduler.schedule(() -> waiter.slot().completeExceptionally(new McpOAuthException(
                    Code.UNAVAILABLE, "Too many outbound requests: none free within " + maxWait.toMillis() + " ms")),
                    maxWait.toMillis(), TimeUnit.MILLISECONDS);
            waiter.slot().whenComplete((permit, error) -> timer.cancel(false));
        } catch (RejectedExecutionException closed) {
            waiter.slot().completeExceptionally(new McpOAuthException(Code.UNAVAILABLE, "The MCP OAuth service is closed"));
        }
        waiter.slot().whenComplete((permit, error) -> {
            if (error != null) {
                synchronized (this) {
                    queue.remove(waiter);
                }
            }
        });
        return waiter.slot();
    }

    /** Requests in flight now, for tests and diagnostics. */
    synchronized int inFlight() {
        return inFlight;
    }

    private boolean fits(String owner) {
        return inFlight < total && (owner == null || byOwner.getOrDefault(owner, 0) < perOwner);
    }

    private Permit take(String owner) {
        inFlight++;
        if (owner != null) {
            byOwner.merge(owner, 1, Integer::sum);
        }
        return new Permit(owner);
    }

    private void release(String owner) {
        List<Map.Entry<Waiter, Permit>> granted = new ArrayList<>();
        synchronized (this) {
            inFlight--;
            if (owner != null) {
                byOwner.computeIfPresent(owner, (o, n) -> n == 1 ? null : n - 1);
            }
            for (Iterator<Waiter> it = queue.iterator(); it.hasNext() && inFlight < total;) {
                Waiter w = it.next();
                if (w.slot().isDone()) {
                    it.remove();
                } else if (fits(w.owner())) {
                    it.remove();
                    granted.add(Map.entry(w, take(w.owner())));
                }
            }
        }
        // completed outside the lock: what waits on a slot starts its request on this thread
        for (Map.Entry<Waiter, Permit> g : granted) {
            if (!g.getKey().slot().complete(g.getValue())) {
                g.getValue().release();
            }
        }
    }
}
