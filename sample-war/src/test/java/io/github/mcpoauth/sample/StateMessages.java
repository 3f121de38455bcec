package io.github.mcpoauth.sample;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket listener keeping the module's state messages ({@code {"type":"cf_agent_mcp_servers","mcp":...}}), whole. */
final class StateMessages implements WebSocket.Listener {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile String closed;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed = statusCode + " " + reason;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed = "error " + error;
    }

    /** Waits (at most a minute) for a state message whose {@code mcp} object satisfies {@code condition}. */
    @SuppressWarnings("unchecked")
    void await(ChildProcess container, String what, Predicate<Map<String, Object>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() - deadline < 0) {
            String text = received.poll(200, TimeUnit.MILLISECONDS);
            if (text == null) {
                if (closed != null && received.isEmpty()) {
                    fail("the WebSocket closed (" + closed + ") before " + what + "; received: " + seen);
                }
                continue;
            }
            seen.append(text).append('\n');
            Map<String, Object> message = SampleClient.JSON.readValue(text, Map.class);
            if ("cf_agent_mcp_servers".equals(message.get("type")) && message.get("mcp") instanceof Map<?, ?> mcp
                    && condition.test((Map<String, Object>) mcp)) {
                return;
            }
        }
        fail("timed out waiting on the WebSocket for " + what + "; received: " + seen + "\n" + container.logTail(40));
    }
}
