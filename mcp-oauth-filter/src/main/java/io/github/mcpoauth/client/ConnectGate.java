package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The global cap on connection attempts ({@code mcp.oauth.max-concurrent-connects}): thousands of
 * owners coming back at once queue here, first come first served, instead of all connecting at
 * once and timing out together. A connection's discovery timeout starts when it gets its turn.
 * Nothing blocks: a turn is a future, completed on the given executor so that one finished attempt
 * never runs the next ones on its own stack.
 */
final class ConnectGate {

    private final int limit;
    private final Executor executor;
    private final ArrayDeque<CompletableFuture<Runnable>> waiting = new ArrayDeque<>();
    private int running;
    private int peak;
    private boolean closed;

    ConnectGate(int limit, Executor executor) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.limit = limit;
        this.executor = executor;
    }

    /** A turn: completes with the action that ends it (run it exactly once; later runs do nothing). */
    CompletableFuture<Runnable> enter() {
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(closed());
            }
            if (running < limit) {
                running++;
                peak = Math.max(peak, running);
                return CompletableFuture.completedFuture(leave());
            }
            CompletableFuture<Runnable> turn = new CompletableFuture<>();
            waiting.add(turn);
            return turn;
        }
    }

    private Runnable leave() {
        AtomicBoolean left = new AtomicBoolean();
        return () -> {
            if (left.compareAndSet(false, true)) {
                next();
            }
        };
    }

    private void next() {
        CompletableFuture<Runnable> turn;
        synchronized (this) {
            turn = waiting.poll();
            if (turn == null) {
                running--;
                return;
            }
        }
        Runnable leave = leave();
        try {
            executor.execute(() -> {
                if (!turn.complete(leave)) {
                    leave.run();
                }
            });
        } catch (RejectedExecutionException e) {
            turn.completeExceptionally(closed());
            leave.run();
        }
    }

    /** Attempts running now. */
    synchronized int running() {
        return running;
    }

    /** Attempts waiting for their turn. */
    synchronized int waiting() {
        return waiting.size();
    }

    /** The most attempts that ever ran at once. */
    synchronized int peak() {
        return peak;
    }

    /** Refuses new attempts and fails the waiting ones. */
    void close() {
        List<CompletableFuture<Runnable>> refused;
        synchronized (this) {
            closed = true;
            refused = List.copyOf(waiting);
            waiting.clear();
        }
        refused.forEach(f -> f.completeExceptionally(closed()));
    }

    private static McpOAuthException closed() {
        return new McpOAuthException(Code.UNAVAILABLE, "The MCP client service is closed");
    }
}
