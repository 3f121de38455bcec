package io.github.mcpoauth.internal.ws;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket's outbox. At most one send is in flight (JSR 356 forbids overlapping async sends); a
 * newer state replaces an unsent older one, since every message is a full snapshot. A failed or
 * timed-out send closes the socket, so a dead peer costs nothing afterwards.
 */
final class SocketSubscriber {

    private static final Logger log = LoggerFactory.getLogger(SocketSubscriber.class);

    private final Session session;
    private final Runnable onDead;
    private final BooleanSupplier signedIn;
    private final AtomicReference<String> next = new AtomicReference<>();
    private final AtomicBoolean sending = new AtomicBoolean();

    SocketSubscriber(Session session, long sendTimeoutMillis, BooleanSupplier signedIn, Runnable onDead) {
        this.session = session;
        this.signedIn = signedIn;
        this.onDead = onDead;
        session.getAsyncRemote().setSendTimeout(sendTimeoutMillis);
    }

    void offer(String message) {
        next.set(message);
        drain();
    }

    private void drain() {
        while (next.get() != null && sending.compareAndSet(false, true)) {
            String message = next.getAndSet(null);
            if (message == null) {
                sending.set(false);
                continue;
            }
            if (!session.isOpen()) {
                dead(null);
                return;
            }
            try {
                session.getAsyncRemote().sendText(message, result -> {
                    if (result.isOK()) {
                        sending.set(false);
                        drain();
                    } else {
                        dead(result.getException());
                    }
                });
            } catch (RuntimeException e) {
                dead(e);
            }
            return;
        }
    }

    /**
     * Whether the socket's owner is still signed in; if not, the socket is unsubscribed and closed
     * with 1008 (policy violation), before anything more is sent. A failing check counts as signed out.
     */
    boolean stillSignedIn() {
        boolean in;
        try {
            in = signedIn.getAsBoolean();
        } catch (RuntimeException e) {
            log.debug("Could not check a state socket's owner: {}", e.toString());
            in = false;
        }
        if (!in) {
            next.set(null);
            onDead.run();
            close(CloseReason.CloseCodes.VIOLATED_POLICY, "Signed out");
        }
        return in;
    }

    private void dead(Throwable why) {
        log.debug("Dropping a state socket: {}", why == null ? "closed" : why.toString());
        onDead.run();
        close(CloseReason.CloseCodes.GOING_AWAY, "send failed");
    }

    private void close(CloseReason.CloseCodes code, String why) {
        try {
            session.close(new CloseReason(code, why));
        } catch (IOException | RuntimeException ignored) {
            // already gone
        }
    }

    Session session() {
        return session;
    }
}
