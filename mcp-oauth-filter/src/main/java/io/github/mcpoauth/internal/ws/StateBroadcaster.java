package io.github.mcpoauth.internal.ws;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.client.Subscription;
import jakarta.websocket.Session;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes each owner's state to that owner's sockets only: a change costs in proportion to the
 * changed owner's sockets. Changes arriving while a push for the same owner is pending are
 * coalesced into that push (it reads the state when it runs). Before a socket gets a push, and
 * every {@value #SIGN_OUT_CHECK_MILLIS} ms, its owner is checked to be still signed in; a socket
 * whose owner signed out is closed (1008) and unsubscribed without receiving anything more.
 */
public final class StateBroadcaster implements AutoCloseable {

    static final String MESSAGE_TYPE = "cf_agent_mcp_servers";
    private static final Logger log = LoggerFactory.getLogger(StateBroadcaster.class);
    private static final long SEND_TIMEOUT_MILLIS = 10_000;
    /** How often idle sockets are checked for a signed-out owner (a push checks its sockets first anyway). */
    static final long SIGN_OUT_CHECK_MILLIS = 2_000;

    private final McpClientService service;
    private final Function<Object, String> json;
    private final Map<String, Set<SocketSubscriber>> sockets = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    /** An owner with sockets is watched, so changes made through other nodes reach them too. */
    private final Map<String, Subscription> watches = new ConcurrentHashMap<>();
    private final ScheduledExecutorService pushes;
    private final Subscription subscription;

    /** @param json turns the state message into JSON text */
    public StateBroadcaster(McpClientService service, Function<Object, String> json) {
        this.service = service;
        this.json = json;
        this.pushes = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mcp-oauth-ws-push");
            t.setDaemon(true);
            return t;
        });
        this.subscription = service.onServerStateChanged((owner, serverId) -> changed(owner));
        pushes.scheduleWithFixedDelay(this::checkSignedIn, SIGN_OUT_CHECK_MILLIS, SIGN_OUT_CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** @param signedIn whether the socket's owner is still signed in; asked before each push and periodically */
    SocketSubscriber register(String owner, Session session, BooleanSupplier signedIn) {
        SocketSubscriber subscriber = new SocketSubscriber(session, SEND_TIMEOUT_MILLIS, signedIn,
                () -> unregister(owner, session));
        sockets.compute(owner, (o, set) -> {
            Set<SocketSubscriber> subscribers = set;
            if (subscribers == null) {
                subscribers = ConcurrentHashMap.newKeySet();
                watches.put(o, service.watch(o));
            }
            subscribers.add(subscriber);
            return subscribers;
        });
        pushes.execute(() -> {
            try {
                subscriber.offer(message(owner));
            } catch (RuntimeException e) {
                // e.g. a store still waiting for its database: the owner's next change or sync pushes the state
                pushFailed(e);
            }
        });
        return subscriber;
    }

    void unregister(String owner, Session session) {
        sockets.computeIfPresent(owner, (o, set) -> {
            set.removeIf(s -> s.session() == session);
            if (!set.isEmpty()) {
                return set;
            }
            Subscription watch = watches.remove(o);
            if (watch != null) {
                watch.close();
            }
            return null;
        });
    }

    /** How many sockets are subscribed for {@code owner}. */
    public int socketCount(String owner) {
        Set<SocketSubscriber> set = sockets.get(owner);
        return set == null ? 0 : set.size();
    }

    private void changed(String owner) {
        if (sockets.containsKey(owner) && pending.add(owner)) {
            try {
                pushes.execute(() -> push(owner));
            } catch (RuntimeException rejected) {
                pending.remove(owner);
            }
        }
    }

    private void push(String owner) {
        pending.remove(owner);
        Set<SocketSubscriber> set = sockets.get(owner);
        if (set == null || set.isEmpty()) {
            return;
        }
        try {
            String message = message(owner);
            for (SocketSubscriber s : set) {
                if (s.stillSignedIn()) {
                    s.offer(message);
                }
            }
        } catch (RuntimeException e) {
            pushFailed(e);
        }
    }

    private void checkSignedIn() {
        try {
            sockets.values().forEach(set -> set.forEach(SocketSubscriber::stillSignedIn));
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again
            log.warn("Could not check the state sockets' owners: {}", e.toString());
        }
    }

    /** A store that is unavailable has logged its outage already; anything else is worth a WARN. */
    private static void pushFailed(RuntimeException e) {
        if (e instanceof McpOAuthException m && m.code() == McpOAuthException.Code.UNAVAILABLE) {
            log.debug("Could not push MCP state: {}", e.toString());
        } else {
            log.warn("Could not push MCP state: {}", e.toString());
        }
    }

    private String message(String owner) {
        return json.apply(Map.of("type", MESSAGE_TYPE, "mcp", service.manager(owner).getMcpServers()));
    }

    @Override
    public void close() {
        subscription.close();
        watches.values().forEach(Subscription::close);
        watches.clear();
        pushes.shutdownNow();
        sockets.clear();
        try {
            // the push thread must be gone before the container looks for threads left running
            pushes.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
