package io.github.mcpoauth.internal.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * One direction of a {@link TunnelConnection}: what the other side did not take at once waits here,
 * and nothing more is read until it took it all (so a slow reader slows the writer, and an idle
 * relay holds no buffer). The end of input is passed on as a half-close once everything
 * before it is written. For plain http the answer's head is rewritten on the way
 * ({@link ResponseHead}), or on a kept-alive connection every request's ({@link RequestStream}).
 */
final class RelayDirection {

    private static final int MAX_RESPONSE_HEAD = 64 * 1024;

    private ByteBuffer pending;
    private boolean ended;
    private boolean shut;
    private byte[] head;
    private int headLength;
    private RequestStream requests;

    /** Queues bytes of the tunnel's own (a reply, or the rewritten request head). */
    void send(ByteBuffer bytes) {
        pending = bytes;
    }

    /** Rewrites the heads of the answers that come this way until the final one. */
    void closeAfterResponseHead() {
        head = new byte[2048];
    }

    /** Passes everything read this way through {@code stream}, which rewrites each request head. */
    void splitRequests(RequestStream stream) {
        requests = stream;
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

    /**
     * Reads once from {@code source} into the tunnel's shared buffer and writes to {@code sink} at
     * once; only what the sink did not take is copied and kept, so an idle relay holds no buffer.
     */
    void pump(SocketChannel source, SocketChannel sink, ByteBuffer scratch) throws IOException {
        if (!wantsRead()) {
            return;
        }
        scratch.clear();
        int n = source.read(scratch);
        if (n < 0) {
            ended = true;
            if (head != null) {
                throw new IOException("the answer ended before its head");
            }
            flush(sink);
            return;
        }
        scratch.flip();
        ByteBuffer out = requests != null ? requests.next(scratch) : head == null ? scratch : rewritten(scratch);
        sink.write(out);
        if (out.hasRemaining()) {
            pending = ByteBuffer.allocate(out.remaining()).put(out).flip();
        }
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
