package io.github.mcpoauth.internal.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;

/**
 * The requests the JDK's client sends down one kept-alive plain-http connection of the
 * {@link ConnectTunnel}, on a listener that serves one origin (host and port) only. The JDK pools
 * proxied plain connections by proxy address alone, so a listener per origin is what keeps one
 * origin's requests on connections pinned to that origin's checked address, as a CONNECT tunnel
 * does for https. Each head must name that origin and leaves in origin form ({@link ProxyRequest});
 * bodies pass unchanged, delimited by their Content-Length or their chunks (RFC 9112 sections 6 and
 * 7.1), which this follows to find the next head. Anything else is refused with an
 * {@link IllegalArgumentException}, and the connection ends: a head for another origin, unclear
 * framing (see {@link ProxyRequest#framing}), a malformed chunk. Answers are not read: they go back
 * unchanged, so the upstream's own {@code Connection} header decides whether the JDK reuses it.
 */
final class RequestStream {

    private enum Part { HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER }

    private static final int MAX_LINE = 4096;

    private final String host;
    private final int port;
    private Part part = Part.HEAD;
    private long remaining;
    /** The head or line being read; dropped between requests, so an idle connection holds none. */
    private byte[] held;
    private int heldLength;
    private int heads;

    RequestStream(String host, int port) {
        this.host = host.toLowerCase(Locale.ROOT);
        this.port = port;
    }

    /** Whether a whole head has been read (the connection can be opened). */
    boolean begun() {
        return heads > 0;
    }

    /** Takes what the JDK sent (all of it) and answers what goes upstream, in a new buffer. */
    ByteBuffer next(ByteBuffer in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.remaining() + 64);
        while (in.hasRemaining()) {
            if (part == Part.BODY || part == Part.CHUNK_DATA) {
                int n = (int) Math.min(remaining, in.remaining());
                byte[] bytes = new byte[n];
                in.get(bytes);
                out.writeBytes(bytes);
                remaining -= n;
                if (remaining == 0) {
                    part = part == Part.BODY ? Part.HEAD : Part.CHUNK_END;
                }
                continue;
            }
            byte b = in.get();
            hold(b, part == Part.HEAD ? ProxyRequest.MAX_HEAD : MAX_LINE);
            if (part != Part.HEAD) {
                out.write(b);
                if (b == '\n') {
                    line();
                }
            } else if (b == '\n' && ProxyRequest.headEnd(held, heldLength) == heldLength) {
                head(out);
            }
        }
        return ByteBuffer.wrap(out.toByteArray());
    }

    private void hold(byte b, int max) {
        if (heldLength == max) {
            throw new IllegalArgumentException("a request head or chunk line too long");
        }
        if (held == null) {
            held = new byte[1024];
        } else if (heldLength == held.length) {
            held = Arrays.copyOf(held, Math.min(held.length * 2, ProxyRequest.MAX_HEAD));
        }
        held[heldLength++] = b;
    }

    private void head(ByteArrayOutputStream out) {
        ProxyRequest request = ProxyRequest.parse(Arrays.copyOf(held, heldLength), false);
        heldLength = 0;
        held = null;
        if (request.connect() || !request.host().toLowerCase(Locale.ROOT).equals(host) || request.port() != port) {
            throw new IllegalArgumentException("a request for another origin");
        }
        out.writeBytes(request.forward());
        heads++;
        remaining = request.body();
        part = remaining == ProxyRequest.CHUNKED ? Part.CHUNK_SIZE : remaining > 0 ? Part.BODY : Part.HEAD;
    }

    /** A chunk's size line, the end of its data, or a trailer line, each ending with CRLF. */
    private void line() {
        if (heldLength < 2 || held[heldLength - 2] != '\r') {
            throw new IllegalArgumentException("a chunk line without CRLF");
        }
        String line = new String(held, 0, heldLength - 2, java.nio.charset.StandardCharsets.ISO_8859_1);
        heldLength = 0;
        switch (part) {
            case CHUNK_SIZE -> {
                String size = line.split(";", 2)[0].strip();
                if (!size.matches("[0-9A-Fa-f]{1,12}")) {
                    throw new IllegalArgumentException("a malformed chunk size");
                }
                remaining = Long.parseLong(size, 16);
                part = remaining == 0 ? Part.TRAILER : Part.CHUNK_DATA;
            }
            case CHUNK_END -> {
                if (!line.isEmpty()) {
                    throw new IllegalArgumentException("chunk data longer than its size");
                }
                part = Part.CHUNK_SIZE;
            }
            default -> part = line.isEmpty() ? Part.HEAD : Part.TRAILER;
        }
    }
}
