package io.github.mcpoauth.testsupport;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Requests of one kind that a test holds at the server until it lets them go, or 30 s pass. */
final class Hold {

    private final AtomicReference<CountDownLatch> latch = new AtomicReference<>();

    /** Holds every later request until the returned action runs. */
    Runnable start() {
        CountDownLatch held = new CountDownLatch(1);
        latch.set(held);
        return () -> {
            latch.set(null);
            held.countDown();
        };
    }

    /** Waits while requests are held. */
    void await() throws InterruptedException {
        CountDownLatch held = latch.get();
        if (held != null) {
            held.await(30, TimeUnit.SECONDS);
        }
    }
}
