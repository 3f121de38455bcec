package io.github.mcpoauth.client;

import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one subscription a body's reader sees while its bytes come from one upstream after another
 * ({@link ResumableEventStream}): demand not yet met is handed to the next upstream, and a cancel
 * reaches whichever upstream is current, and the wait before the next one ({@link #await}).
 */
final class SwitchedSubscription implements Flow.Subscription {

    private final ReentrantLock lock = new ReentrantLock();
    private Flow.Subscription upstream;
    private long outstanding;
    private boolean cancelled;
    private Future<?> waiting;

    SwitchedSubscription(Flow.Subscription first) {
        this.upstream = first;
    }

    @Override
    public void request(long n) {
        Flow.Subscription current;
        lock.lock();
        try {
            outstanding = outstanding + n < 0 ? Long.MAX_VALUE : outstanding + n;
            current = upstream;
        } finally {
            lock.unlock();
        }
        current.request(n);
    }

    @Override
    public void cancel() {
        Flow.Subscription current;
        Future<?> next;
        lock.lock();
        try {
            cancelled = true;
            current = upstream;
            next = waiting;
        } finally {
            lock.unlock();
        }
        if (next != null) {
            next.cancel(false);
        }
        current.cancel();
    }

    /** One item went to the reader. */
    void delivered() {
        lock.lock();
        try {
            if (outstanding != Long.MAX_VALUE) {
                outstanding--;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Makes {@code next} the upstream and asks it for the unmet demand; cancels it instead when the reader has cancelled. */
    void switchTo(Flow.Subscription next) {
        long demand;
        lock.lock();
        try {
            if (!cancelled) {
                upstream = next;
            }
            demand = cancelled ? -1 : outstanding;
        } finally {
            lock.unlock();
        }
        if (demand < 0) {
            next.cancel();
        } else if (demand > 0) {
            next.request(demand);
        }
    }

    /** What the next upstream is waited for with, cancelled with the reader's cancel; false when that came already. */
    boolean await(Future<?> next) {
        boolean stop;
        lock.lock();
        try {
            waiting = next;
            stop = cancelled;
        } finally {
            lock.unlock();
        }
        if (stop) {
            next.cancel(false);
        }
        return !stop;
    }

    boolean cancelled() {
        lock.lock();
        try {
            return cancelled;
        } finally {
            lock.unlock();
        }
    }

    /** Cancels the current upstream only (the reader has what it needs). */
    void cancelUpstream() {
        Flow.Subscription current;
        lock.lock();
        try {
            current = upstream;
        } finally {
            lock.unlock();
        }
        current.cancel();
    }
}
