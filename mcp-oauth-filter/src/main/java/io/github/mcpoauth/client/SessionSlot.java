package io.github.mcpoauth.client;

import java.util.concurrent.CompletableFuture;

/**
 * The mutable part of a {@link ServerConnection}, behind one lock: the open session (if any), the
 * connection attempt in flight, the authorizations tried in a row (and whether one of them brought
 * tokens), whether the application closed the session until a reconnect ({@code parked}), and
 * whether the connection was closed for good. Every park starts a new generation: an attempt begun
 * before it may no longer install a session nor change the state. Callers close sessions they take
 * out, outside the lock.
 */
final class SessionSlot {

    private final Object lock = new Object();
    private Connector.Session session;
    private CompletableFuture<ServerSnapshot> inFlight;
    private int authAttempts;
    private boolean authorizedInRow;
    private boolean closed;
    private boolean parked;
    private long generation;

    /** A connection attempt: {@code started} when the caller must run it, else it joins one running. */
    record Attempt(CompletableFuture<ServerSnapshot> future, boolean started, long generation) {
    }

    /** What {@link #park} took out: the session to close and the attempt to end (either may be null). */
    record Parked(Connector.Session session, CompletableFuture<ServerSnapshot> inFlight) {
    }

    /** The attempt to run or join; null when the slot is closed or parked. */
    Attempt beginConnect() {
        synchronized (lock) {
            if (closed || parked) {
                return null;
            }
            if (inFlight != null && !inFlight.isDone()) {
                return new Attempt(inFlight, false, generation);
            }
            inFlight = new CompletableFuture<>();
            return new Attempt(inFlight, true, generation);
        }
    }

    /** Parks the slot until {@link #unpark}, retiring the attempt in flight; null when closed for good. */
    Parked park() {
        synchronized (lock) {
            if (closed) {
                return null;
            }
            parked = true;
            generation++;
            CompletableFuture<ServerSnapshot> retired = inFlight;
            inFlight = null;
            return new Parked(take(), retired);
        }
    }

    void unpark() {
        synchronized (lock) {
            parked = false;
        }
    }

    long generation() {
        synchronized (lock) {
            return generation;
        }
    }

    /** True when work of {@code attemptGeneration} must stop: closed for good, or parked since it began. */
    boolean isStale(long attemptGeneration) {
        synchronized (lock) {
            return closed || generation != attemptGeneration;
        }
    }

    Connector.Session current() {
        synchronized (lock) {
            return session;
        }
    }

    /** Removes and returns the open session, if any. */
    Connector.Session take() {
        synchronized (lock) {
            Connector.Session s = session;
            session = null;
            return s;
        }
    }

    /** Removes {@code s} if it is still the open one (it broke). */
    void discard(Connector.Session s) {
        synchronized (lock) {
            if (session == s) {
                session = null;
            }
        }
    }

    /** Keeps a freshly opened session; false (and the caller closes it) when closed or parked since. */
    boolean install(Connector.Session s, long attemptGeneration) {
        synchronized (lock) {
            if (closed || generation != attemptGeneration) {
                return false;
            }
            session = s;
            authAttempts = 0;
            authorizedInRow = false;
            return true;
        }
    }

    /** Counts one more authorization in a row. */
    int nextAuthAttempt() {
        synchronized (lock) {
            return ++authAttempts;
        }
    }

    void resetAuthAttempts() {
        synchronized (lock) {
            authAttempts = 0;
            authorizedInRow = false;
        }
    }

    /** An authorization of the current row was completed: the tokens now stored come from it. */
    void authorizationCompleted() {
        synchronized (lock) {
            authorizedInRow = true;
        }
    }

    /** True when an authorization completed since a session was last ready (or the row was reset). */
    boolean authorizedInRow() {
        synchronized (lock) {
            return authorizedInRow;
        }
    }

    /** Takes the session out when nothing is connecting and it has been unused for {@code idleNanos}. */
    Connector.Session takeIfIdle(long lastUsedNanos, long nowNanos, long idleNanos) {
        synchronized (lock) {
            if (session == null || (inFlight != null && !inFlight.isDone()) || nowNanos - lastUsedNanos <= idleNanos) {
                return null;
            }
            return take();
        }
    }

    /** Closes the slot for good and returns the session to close. */
    Connector.Session close() {
        synchronized (lock) {
            closed = true;
            return take();
        }
    }

    boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** True when {@code source} is the session currently open. */
    boolean isCurrent(Object client) {
        synchronized (lock) {
            return session != null && session.client() == client;
        }
    }
}
