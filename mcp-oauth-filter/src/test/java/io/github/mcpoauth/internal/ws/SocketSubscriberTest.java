package io.github.mcpoauth.internal.ws;

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

    @Test
    void aSlowSocketDoesNotDelayAFastOneAndGetsOnlyTheNewestState() {
        FakeSocket slow = new FakeSocket(false);
        FakeSocket fast = new FakeSocket(true);
        SocketSubscriber slowSub = new SocketSubscriber(slow.session, 1000, () -> true, () -> { });
        SocketSubscriber fastSub = new SocketSubscriber(fast.session, 1000, () -> true, () -> { });

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
        SocketSubscriber sub = new SocketSubscriber(dying.session, 1000, () -> true, dropped::incrementAndGet);

        sub.offer("s1");
        dying.finishSend(new SendResult(new java.io.IOException("peer gone")));

        assertEquals(1, dropped.get());
        assertTrue(dying.closed.get());
        sub.offer("s2");
        assertEquals(List.of("s1"), dying.sent);
    }
}
