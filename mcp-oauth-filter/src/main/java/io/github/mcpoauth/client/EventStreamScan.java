package io.github.mcpoauth.client;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads an MCP event stream as it passes, for what resuming it needs (HTML Living Standard,
 * "Server-sent events", event stream interpretation): the last event id, the server's
 * {@code retry} time, whether the stream stands between two events, and whether an event carried
 * a JSON-RPC response, which on the stream answering a POST is that request's answer. Lines end at
 * CRLF, LF or CR; an event ends at a blank line. The bytes are only looked at, never changed: a
 * body reaching this was already limited per event
 * ({@link io.github.mcpoauth.internal.http.SizeLimitedBody}).
 */
final class EventStreamScan {

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private boolean afterCr;
    private boolean eventOpen;
    private String idBuffer;
    private String lastEventId;
    private long retryMillis = -1;
    private boolean answered;
    private int events;

    /**
     * Reads {@code buffer} (its position unchanged); returns the index just past the blank line
     * that ended the first response event in it, or -1 when it ended none.
     */
    int scan(ByteBuffer buffer) {
        int answeredAt = -1;
        for (int i = buffer.position(); i < buffer.limit(); i++) {
            byte b = buffer.get(i);
            if (b == '\n' && afterCr) {
                afterCr = false;
                continue;
            }
            afterCr = b == '\r';
            if (b != '\n' && b != '\r') {
                line.write(b);
                continue;
            }
            boolean wasAnswered = answered;
            endLine();
            if (!wasAnswered && answered && answeredAt < 0) {
                answeredAt = i + 1;
            }
        }
        return answeredAt;
    }

    private void endLine() {
        if (line.size() == 0) {
            dispatch();
            return;
        }
        eventOpen = true;
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        int colon = text.indexOf(':');
        if (colon == 0) {
            return; // a comment
        }
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(text.startsWith(" ", colon + 1) ? colon + 2 : colon + 1);
        switch (field) {
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    idBuffer = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.length() < 10 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    retryMillis = Long.parseLong(value);
                }
            }
            case "data" -> {
                if (!answered) {
                    if (data.size() > 0) {
                        data.write('\n');
                    }
                    data.writeBytes(value.getBytes(StandardCharsets.UTF_8));
                }
            }
            default -> {
                // event names and unknown fields say nothing about resuming
            }
        }
    }

    private void dispatch() {
        if (!eventOpen) {
            return;
        }
        eventOpen = false;
        events++;
        lastEventId = idBuffer == null || idBuffer.isEmpty() ? null : idBuffer;
        if (data.size() > 0 && !answered) {
            answered = isResponse(data.toString(StandardCharsets.UTF_8));
        }
        data.reset();
    }

    private static boolean isResponse(String json) {
        try {
            return McpSchema.deserializeJsonRpcMessage(McpJsonDefaults.getMapper(), json)
                    instanceof McpSchema.JSONRPCResponse;
        } catch (IOException | RuntimeException notJsonRpc) {
            return false;
        }
    }

    /** The id to resume from ({@code Last-Event-ID}), or null when the server gave none. */
    String lastEventId() {
        return lastEventId;
    }

    /** The server's {@code retry} time in milliseconds, or -1 when it sent none. */
    long retryMillis() {
        return retryMillis;
    }

    /** Whether the stream stands between two events: nothing of a next one has been read. */
    boolean atBoundary() {
        return line.size() == 0 && !eventOpen;
    }

    /** Whether an event carried a JSON-RPC response. */
    boolean answered() {
        return answered;
    }

    /** How many events ended so far. */
    int events() {
        return events;
    }
}
