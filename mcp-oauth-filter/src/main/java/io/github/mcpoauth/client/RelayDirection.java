package io.github.mcpoauth.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * One direction of a {@link TunnelConnection}: bytes read from one side wait here until the other
 * side took them all, and only then is more read (so a slow reader slows the writer, and memory
 * stays one buffer per direction). The end of input is passed on as a half-close once everything
 * before it is written. For plain http the answer's head is rewritten on the way
 * ({@link ResponseHead}).
 */
final class RelayDirection {

    private static final int BUFFER_BYTES = 16 * 1024;
    private static final int MAX_RESPONSE_HEAD = 64 * 1024;

    private ByteBuffer buffer;
    private ByteBuffer pending;
    private boolean ended;
    private boolean shut;
    private byte[] head;
    private int headLength;

    /** Queues bytes of the tunnel's own (a reply, or the rewritten request head). */
    void send(ByteBuffer bytes) {
        pending = bytes;
    }

    /** Rewrites the heads of the answers that come this way until the final one. */
    void closeAfterResponseHead() {
        head = new byte[2048];
    }

    boolean hasPending() {
        return pending != null && pending.hasRemaining();
    }

    boolean wantsRead() {
        return !ended && !hasPending();
    }

    /** True once the end of input was passed on. */
    boolean done() {
        return shut;
    }

    void read(SocketChannel source) throws IOException {
        if (!wantsRead()) {
            return;
        }
        if (buffer == null) {
            buffer = ByteBuffer.allocate(BUFFER_BYTES);
        }
        pending = null;
        buffer.clear();
        int n = source.read(buffer);
        if (n < 0) {
            ended = true;
            if (head != null) {
                throw new IOException("the answer ended before its head");
            }
            return;
        }
        buffer.flip();
        pending = head == null ? buffer : rewritten(buffer);
    }

    void flush(SocketChannel sink) throws IOException {
        if (hasPending()) {
            sink.write(pending);
        }
        if (!hasPending() && ended && !shut) {
            shut = true;
            sink.shutdownOutput();
        }
    }

    /** The heads complete so far, rewritten, and whatever follows the final one; the rest waits. */
    private ByteBuffer rewritten(ByteBuffer read) throws IOException {
        if (head.length - headLength < read.remaining()) {
            if (headLength + read.remaining() > MAX_RESPONSE_HEAD) {
                throw new IOException("the answer's head is too large");
            }
            head = Arrays.copyOf(head, Math.max(head.length * 2, headLength + read.remaining()));
        }
        int length = read.remaining();
        read.get(head, headLength, length);
        headLength += length;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int end; head != null && (end = ProxyRequest.headEnd(head, headLength)) > 0; ) {
            byte[] one = Arrays.copyOf(head, end);
            byte[] rest = Arrays.copyOfRange(head, end, headLength);
            switch (ResponseHead.kind(one)) {
                case INTERIM -> {
                    out.write(one);
                    head = Arrays.copyOf(rest, Math.max(rest.length, 2048));
                    headLength = rest.length;
                }
                case FINAL -> {
                    out.write(ResponseHead.closing(one));
                    out.write(rest);
                    head = null;
                }
                default -> throw new IOException("an answer the tunnel does not pass on");
            }
        }
        return ByteBuffer.wrap(out.toByteArray());
    }
}
