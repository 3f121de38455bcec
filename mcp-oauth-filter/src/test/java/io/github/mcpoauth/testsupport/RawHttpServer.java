package io.github.mcpoauth.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 server on 127.0.0.1 that writes its answers by hand, for upstreams no real server
 * imitates: a body sent one byte at a time, a body without end, a request held open. Each
 * connection reads one request, then runs the {@link Answer}, which writes the raw response and
 * returns when done or when the client has gone (a write fails). It counts what it saw: connections, requests,
 * requests being answered now and at most, bytes written, and connections the client closed.
 */
public final class RawHttpServer implements AutoCloseable {

    /**
     * Writes one raw response to {@code out}: the status line and headers in one first write, then
     * the body (only the body's bytes are counted as written).
     */
    public interface Answer {
        void write(String requestLine, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Answer answer;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private final AtomicInteger closedByClient = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();

    private RawHttpServer(Answer answer) throws IOException {
        this.answer = answer;
        socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    public static RawHttpServer start(Answer answer) {
        try {
            return new RawHttpServer(answer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The headers of a 200 answer of {@code contentType} whose body runs until the connection closes. */
    public static String openEndedHeaders(String contentType) {
        return "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nConnection: close\r\n\r\n";
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    }

    public int requests() {
        return requests.get();
    }

    /** Connections accepted, whether or not a request came (a TLS handshake never makes one). */
    public int connections() {
        return connections.get();
    }

    public int maxActive() {
        return maxActive.get();
    }

    public int active() {
        return active.get();
    }

    public int closedByClient() {
        return closedByClient.get();
    }

    /** Body bytes written so far, over all connections. */
    public long written() {
        return written.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.incrementAndGet();
                threads.execute(() -> serve(connection));
            } catch (IOException | RuntimeException e) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            String requestLine = readRequest(connection.getInputStream());
            requests.incrementAndGet();
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                answer.write(requestLine, new CountingOutput(connection.getOutputStream()));
            } finally {
                active.decrementAndGet();
            }
        } catch (IOException e) {
            closedByClient.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the request line and headers, and a body of Content-Length bytes; returns the request line. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                break;
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).strip()));
            }
        }
        return text.lines().findFirst().orElse("");
    }

    private final class CountingOutput extends OutputStream {
        private final OutputStream out;
        private boolean headersDone;

        CountingOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            out.flush();
            if (headersDone) {
                written.addAndGet(length);
            }
            headersDone = true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to release beyond the socket
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
