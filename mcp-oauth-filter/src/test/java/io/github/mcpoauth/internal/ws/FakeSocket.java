package io.github.mcpoauth.internal.ws;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** A WebSocket session whose sends complete at once, or only when the test says so. */
final class FakeSocket {
    final List<String> sent = new CopyOnWriteArrayList<>();
    final AtomicReference<SendHandler> inFlight = new AtomicReference<>();
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicReference<CloseReason> closeReason = new AtomicReference<>();
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
                        if (args != null && args.length == 1) {
                            closeReason.compareAndSet(null, (CloseReason) args[0]);
                        }
                        yield null;
                    }
                    default -> null;
                });
    }

    void finishSend(SendResult result) {
        inFlight.getAndSet(null).onResult(result);
    }
}
