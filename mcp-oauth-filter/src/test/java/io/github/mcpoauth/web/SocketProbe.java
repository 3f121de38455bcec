package io.github.mcpoauth.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A test WebSocket client (JDK) collecting the state messages of {@code <path>/ws}. */
final class SocketProbe implements WebSocket.Listener, AutoCloseable {

    final LinkedBlockingQueue<Map<String, Object>> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static SocketProbe open(HttpClient http, String url, String origin, String cookie, Map<String, String> headers) {
        SocketProbe listener = new SocketProbe();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (!cookie.isEmpty()) {
            b.header("Cookie", cookie);
        }
        headers.forEach(b::header);
        try {
            listener.socket = b.buildAsync(URI.create(url), listener).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            listener.closed.complete(-1);
        }
        return listener;
    }

    /** The first message's {@code mcp} object matching {@code condition}, waiting at most {@code seconds}. */
    Map<String, Object> await(Predicate<Map<String, Object>> condition, int seconds) throws InterruptedException {
        return awaitNeverSeeing(null, condition, seconds);
    }

    /**
     * Like {@link #await}, but fails if any message up to and including the match mentions
     * {@code unseen} (unless null): with a match that the test causes after the event in question
     * (messages to one socket arrive in order), this proves the event never reached this socket,
     * without a sleep.
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> awaitNeverSeeing(String unseen, Predicate<Map<String, Object>> condition, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Map<String, Object> m = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                continue;
            }
            if (unseen != null && m.toString().contains(unseen)) {
                throw new AssertionError("the socket saw " + unseen + ": " + m);
            }
            if ("cf_agent_mcp_servers".equals(m.get("type")) && condition.test((Map<String, Object>) m.get("mcp"))) {
                return (Map<String, Object>) m.get("mcp");
            }
        }
        throw new AssertionError("no matching state within " + seconds + "s");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> servers(Map<String, Object> mcp) {
        return (Map<String, Object>) mcp.get("servers");
    }

    @SuppressWarnings("unchecked")
    static String stateOf(Map<String, Object> mcp, String id) {
        Object server = servers(mcp).get(id);
        return server == null ? null : (String) ((Map<String, Object>) server).get("state");
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(WebClient.JSON.readValue(partial.toString(), Map.class));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
