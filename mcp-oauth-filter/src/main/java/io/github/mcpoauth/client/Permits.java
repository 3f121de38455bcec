package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fair cap on work in progress, in total and optionally per key (an owner), used twice: for
 * connection attempts ({@code mcp.oauth.max-concurrent-connects}, so thousands of owners coming back
 * at once take turns instead of timing out together) and for outbound requests
 * ({@code mcp.oauth.max-concurrent-requests} and {@code -per-owner}, so one owner's many or slow
 * servers cannot take every connection). Nothing blocks: a waiter is a future, never a thread, and
 * may have a wait limit ({@code mcp.oauth.request-queue-timeout}). A freed permit goes to the
 * earliest waiter that fits; a waiter held back by its own key's cap holds back no one else. Each
 * key queues its own waiters, and only keys under their cap stand in line, ordered by their first
 * waiter, so passing a permit on costs a look at one waiter (and a log of the number of keys
 * waiting), however many one key has queued. Keyless waiters count only toward the total.
 */
final class Permits {

    /** One permit; releasing it twice is harmless. */
    final class Permit {
        private final Lane lane;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Lane lane) {
            this.lane = lane;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                Permits.this.release(lane);
            }
        }
    }

    /** A queued acquire; {@code queued} turns false (under the lock) when it is granted or leaves. */
    private static final class Waiter {
        final long order;
        final Lane lane;
        final CompletableFuture<Permit> turn = new CompletableFuture<>();
        boolean queued = true;

        Waiter(long order, Lane lane) {
            this.order = order;
            this.lane = lane;
        }
    }

    /** One key's permits in use and its waiters, oldest first; one that left is dropped lazily. */
    private static final class Lane {
        final String key;
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
        int inUse;
        int live;
        boolean ready;

        Lane(String key) {
            this.key = key;
        }
    }

    private final String what;
    private final int total;
    private final int perKey;
    private final Duration maxWait;
    private final ScheduledExecutorService timers;
    private final Executor handOff;
    private final Map<String, Lane> lanes = new HashMap<>();
    private final Lane keyless = new Lane(null);
    /** Lanes under their cap with a live first waiter, earliest first waiter first. */
    private final TreeSet<Lane> ready = new TreeSet<>(Comparator.comparingLong((Lane l) -> l.waiters.getFirst().order));
    private long nextOrder;
    private int inUse;
    private int waiting;
    private int peak;
    private long visited;
    private boolean closed;

    private Permits(String what, int total, int perKey, Duration maxWait, ScheduledExecutorService timers,
            Executor handOff) {
        if (total < 1 || perKey < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
        this.what = what;
        this.total = total;
        this.perKey = perKey;
        this.maxWait = maxWait;
        this.timers = timers;
        this.handOff = handOff;
    }

    /**
     * Turns for connection attempts, no key, no wait limit; a freed turn is handed over on
     * {@code handOff}, so one finished attempt never runs the next ones on its own stack.
     */
    static Permits forConnects(int limit, Executor handOff) {
        return new Permits("connection attempts", limit, Integer.MAX_VALUE, null, null, handOff);
    }

    /**
     * Slots for outbound requests, keyed by owner; a waiter fails with {@link Code#UNAVAILABLE}
     * after {@code maxWait} (timed on {@code timers}); a freed slot goes on on the releasing thread.
     */
    static Permits forRequests(int total, int perOwner, Duration maxWait, ScheduledExecutorService timers) {
        return new Permits("outbound requests", total, perOwner, maxWait, timers, Runnable::run);
    }

    /**
     * A permit for {@code key} (null: the total only), at once when one is free, else when one
     * frees up. Cancelling the returned future leaves the queue.
     */
    CompletableFuture<Permit> acquire(String key) {
        Waiter waiter;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(closed());
            }
            Lane lane = key == null ? keyless : lanes.computeIfAbsent(key, Lane::new);
            // a waiter that fits exists only while every permit is in use, so no one is passed over
            if (inUse < total && fits(lane)) {
                return CompletableFuture.completedFuture(take(lane));
            }
            waiter = new Waiter(nextOrder++, lane);
            lane.waiters.addLast(waiter);
            lane.live++;
            waiting++;
            settle(lane);
        }
        limitWait(waiter);
        waiter.turn.whenComplete((permit, error) -> {
            if (error != null) {
                left(waiter);
            }
        });
        return waiter.turn;
    }

    private void limitWait(Waiter waiter) {
        if (maxWait == null) {
            return;
        }
        try {
            ScheduledFuture<?> timer = timers.schedule(() -> waiter.turn.completeExceptionally(new McpOAuthException(
                    Code.UNAVAILABLE, "Too many " + what + ": none free within " + maxWait.toMillis() + " ms")),
                    maxWait.toMillis(), TimeUnit.MILLISECONDS);
            waiter.turn.whenComplete((permit, error) -> timer.cancel(false));
        } catch (RejectedExecutionException e) {
            waiter.turn.completeExceptionally(closed());
        }
    }

    private boolean fits(Lane lane) {
        return lane == keyless || lane.inUse < perKey;
    }

    private Permit take(Lane lane) {
        inUse++;
        lane.inUse++;
        peak = Math.max(peak, inUse);
        return new Permit(lane);
    }

    private void left(Waiter waiter) {
        synchronized (this) {
            if (waiter.queued) {
                unqueue(waiter);
                settle(waiter.lane);
            }
        }
    }

    private void unqueue(Waiter waiter) {
        waiter.queued = false;
        waiter.lane.live--;
        waiting--;
    }

    /** Puts the lane in line or out of it after a change; drops waiters that left (each once). */
    private void settle(Lane lane) {
        if (lane.ready) {
            ready.remove(lane);
            lane.ready = false;
        }
        if (lane.live == 0) {
            lane.waiters.clear();
        } else if (lane.waiters.size() > 2 * lane.live + 16) {
            visited += lane.waiters.size();
            lane.waiters.removeIf(w -> !w.queued);
        }
        while (!lane.waiters.isEmpty() && !lane.waiters.getFirst().queued) {
            visited++;
            lane.waiters.removeFirst();
        }
        if (!lane.waiters.isEmpty() && fits(lane)) {
            lane.ready = true;
            ready.add(lane);
        } else if (lane.waiters.isEmpty() && lane.inUse == 0 && lane != keyless) {
            lanes.remove(lane.key, lane);
        }
    }

    private void release(Lane lane) {
        List<Map.Entry<Waiter, Permit>> granted = new ArrayList<>();
        synchronized (this) {
            inUse--;
            lane.inUse--;
            settle(lane);
            while (inUse < total && !ready.isEmpty()) {
                Lane next = ready.pollFirst();
                next.ready = false;
                Waiter w = next.waiters.removeFirst();
                visited++;
                unqueue(w);
                // a waiter whose timer or cancel is just completing it has left: skip it
                if (!w.turn.isDone()) {
                    granted.add(Map.entry(w, take(next)));
                }
                settle(next);
            }
        }
        // handed over outside the lock: what waited may start its work on this thread
        for (Map.Entry<Waiter, Permit> g : granted) {
            handOver(g.getKey(), g.getValue());
        }
    }

    private void handOver(Waiter waiter, Permit permit) {
        try {
            handOff.execute(() -> {
                if (!waiter.turn.complete(permit)) {
                    permit.release();
                }
            });
        } catch (RejectedExecutionException e) {
            waiter.turn.completeExceptionally(closed());
            permit.release();
        }
    }

    /** Permits in use now. */
    synchronized int inUse() {
        return inUse;
    }

    /** Waiters queued now. */
    synchronized int waiting() {
        return waiting;
    }

    /** The most permits ever in use at once. */
    synchronized int peak() {
        return peak;
    }

    /** Queued waiters looked at so far, to pass permits on or to drop those that left: the cost of fairness. */
    synchronized long visited() {
        return visited;
    }

    /** Refuses new acquires and fails the waiters; permits in use stay valid until released. */
    void close() {
        List<Waiter> refused = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Lane lane : lanes.values()) {
                drain(lane, refused);
            }
            drain(keyless, refused);
            ready.clear();
        }
        refused.forEach(w -> w.turn.completeExceptionally(closed()));
    }

    private void drain(Lane lane, List<Waiter> into) {
        for (Waiter w : lane.waiters) {
            if (w.queued) {
                unqueue(w);
                into.add(w);
            }
        }
        lane.waiters.clear();
        lane.ready = false;
    }

    private static McpOAuthException closed() {
        return new McpOAuthException(Code.UNAVAILABLE, "The MCP client service is closed");
    }
}
