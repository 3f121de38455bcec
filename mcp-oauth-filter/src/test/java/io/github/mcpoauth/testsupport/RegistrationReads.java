package io.github.mcpoauth.testsupport;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a {@link TestAuthorizationServer} answers RFC 7592 reads (GET on a client's
 * {@code registration_client_uri}), and how many it had: by default 200 with the client's
 * information and its current registration access token.
 */
public final class RegistrationReads {

    private final AtomicInteger count = new AtomicInteger();
    private final AtomicBoolean rotate = new AtomicBoolean();
    private final AtomicInteger failStatus = new AtomicInteger();
    private final Hold hold = new Hold();

    RegistrationReads() {
    }

    /** Reads so far, answered or not. */
    public int count() {
        return count.get();
    }

    /** Every later successful read issues a new registration access token (RFC 7592 section 3). */
    public void rotateTokens() {
        rotate.set(true);
    }

    /** Later reads are answered with this status and a plain-text body; 0 answers normally again. */
    public void failWith(int status) {
        failStatus.set(status);
    }

    /** Holds every later read until the returned action runs (or 30 s pass), then answers it normally. */
    public Runnable hold() {
        return hold.start();
    }

    /** Counts the read and waits while reads are held; the status to fail with, or 0. */
    int arrived() throws InterruptedException {
        count.incrementAndGet();
        hold.await();
        return failStatus.get();
    }

    boolean rotating() {
        return rotate.get();
    }
}
