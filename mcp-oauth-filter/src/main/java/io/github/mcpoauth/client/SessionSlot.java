package io.github.mcpoauth.client;

import java.util.concurrent.CompletableFuture;

/**
 * The mutable part of a {@link ServerConnection}, behind one lock: the open session (if any), the
 * connection attempt in flight, the authorizations tried in a row (and whether one of them brought
 * tokens), and whether the connection was closed for good. Callers close sessions they take out,
 * outside the lock.
 */
final class SessionSlot {

    private final Object lock = new Object();
    private Connector.Session session;
    private CompletableFuture<ServerSnapshot> inFlight;
    private int authAttempts;
    private boolean authorizedInRow;
    private boolean closed;

    /** A connection attempt: {@code started} when the caller must run it, else it joins one running. */
    record Attempt(CompletableFuture<ServerSnapshot> future, boolean started) {
    }

    /** The attempt to run or join; null when the slot is closed. */
    Attempt beginConnect() {
        synchronized (lock) {
            if (closed) {
                return null;
            }
            if (inFlight != null && !inFlight.isDone()) {
                return new Attempt(inFlight, false);
            }
            inFlight = new CompletableFuture<>();
            return new Attempt(inFlight, true);
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

    /** Keeps a freshly opened session; false (and the caller closes it) when the connection closed. */
    boolean install(Connector.Session s) {
        synchronized (lock) {
            if (closed) {
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
