package io.github.mcpoauth.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A slow or dead socket never holds up others, and a slow one only ever gets the newest state. */
class SocketSubscriberTest {

    /** A socket whose sends complete only when the test says so. */
    private static final class FakeSocket {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final AtomicReference<SendHandler> inFlight = new AtomicReference<>();
        final AtomicBoolean closed = new AtomicBoolean();
        final boolean completesAtOnce;
        final Session session;

        FakeSocket(boolean completesAtOnce) {
            this.completesAtOnce = completesAtOnce;
            RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                        if (method.getName().equals("sendText") && args.length == 2) {
                            sent.add((String) args[0]);
                            SendHandler handler = (SendHandler) args[1];
                            if (this.completesAtOnce) {
                                handler.onResult(new SendResult());
                            } else {
                                inFlight.set(handler);
                            }
                        }
                        return null;
                    });
            session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getAsyncRemote" -> remote;
                        case "isOpen" -> !closed.get();
                        case "close" -> {
                            closed.set(true);
                            yield null;
                        }
                        default -> null;
                    });
        }

        void finishSend(SendResult result) {
            inFlight.getAndSet(null).onResult(result);
        }
    }

    @Test
    void aSlowSocketDoesNotDelayAFastOneAndGetsOnlyTheNewestState() {
        FakeSocket slow = new FakeSocket(false);
        FakeSocket fast = new FakeSocket(true);
        SocketSubscriber slowSub = new SocketSubscriber(slow.session, 1000, () -> { });
        SocketSubscriber fastSub = new SocketSubscriber(fast.session, 1000, () -> { });

        for (String state : List.of("s1", "s2", "s3", "s4")) {
            slowSub.offer(state);
            fastSub.offer(state);
        }

        assertEquals(List.of("s1", "s2", "s3", "s4"), fast.sent);
        assertEquals(List.of("s1"), slow.sent);
        slow.finishSend(new SendResult());
        assertEquals(List.of("s1", "s4"), slow.sent);
    }

    @Test
    void aFailedSendDropsAndClosesTheSocket() {
        FakeSocket dying = new FakeSocket(false);
        AtomicInteger dropped = new AtomicInteger();
        SocketSubscriber sub = new SocketSubscriber(dying.session, 1000, dropped::incrementAndGet);

        sub.offer("s1");
        dying.finishSend(new SendResult(new java.io.IOException("peer gone")));

        assertEquals(1, dropped.get());
        assertTrue(dying.closed.get());
        sub.offer("s2");
        assertEquals(List.of("s1"), dying.sent);
    }
}
