package io.github.mcpoauth.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OwnedHttpClient} sends {@code http://} requests as plain HTTP/1.1, without the JDK's
 * default {@code Upgrade: h2c} attempt (which it repeats on every request of a connection), and
 * leaves {@code https://} requests and requests that name a version alone. The server here records
 * each request's head as it arrived on the wire.
 */
class CleartextVersionTest {

    private final BlockingQueue<String> heads = new LinkedBlockingQueue<>();
    private ServerSocket server;
    private Thread acceptor;
    private URI base;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        base = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
        acceptor = new Thread(this::accept, "cleartext-version-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        acceptor.join(5_000);
    }

    @Test
    void cleartextRequestsGoOutAsHttp11WithoutAnUpgrade() throws Exception {
        try (OwnedHttpClient client = OwnedHttpClient.create(Duration.ofSeconds(5), 2, null)) {
            HttpResponse<String> get = client.sendAsync(HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
            assertEquals("ok", get.body());
            assertPlainHttp11(nextHead(), "GET");
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, post.statusCode());
            assertPlainHttp11(nextHead(), "POST");
        }
    }

    @Test
    void theJdksDefaultWouldAskForAnUpgrade() throws Exception {
        // the canary: what the test above guards against, from a client left at its default version
        HttpClient jdk = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        jdk.send(HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        String head = nextHead().toLowerCase(Locale.ROOT);
        assertTrue(head.contains("\r\nupgrade: h2c"), head);
    }

    @Test
    void httpsAndExplicitVersionsAreLeftAlone() {
        HttpRequest tls = HttpRequest.newBuilder(URI.create("https://mcp.example.com/mcp")).build();
        assertSame(tls, OwnedHttpClient.cleartextAsHttp11(tls));
        HttpRequest asked = HttpRequest.newBuilder(base).version(HttpClient.Version.HTTP_2).build();
        assertSame(asked, OwnedHttpClient.cleartextAsHttp11(asked));
        HttpRequest plain = HttpRequest.newBuilder(base).header("X-Kept", "1").timeout(Duration.ofSeconds(3))
                .POST(HttpRequest.BodyPublishers.ofString("body")).build();
        HttpRequest pinned = OwnedHttpClient.cleartextAsHttp11(plain);
        assertEquals(HttpClient.Version.HTTP_1_1, pinned.version().orElseThrow());
        assertEquals(plain.headers(), pinned.headers());
        assertEquals(plain.timeout(), pinned.timeout());
        assertEquals(plain.method(), pinned.method());
        assertEquals(plain.bodyPublisher().orElseThrow().contentLength(),
                pinned.bodyPublisher().orElseThrow().contentLength());
    }

    private String nextHead() throws InterruptedException {
        String head = heads.poll(10, TimeUnit.SECONDS);
        assertTrue(head != null, "no request arrived");
        return head;
    }

    private static void assertPlainHttp11(String head, String method) {
        String lower = head.toLowerCase(Locale.ROOT);
        assertTrue(head.startsWith(method + " / HTTP/1.1\r\n"), head);
        assertFalse(lower.contains("\r\nupgrade:"), head);
        assertFalse(lower.contains("\r\nhttp2-settings:"), head);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "cleartext-version-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Answers each request of one connection with a 200 "ok", keeping the connection open. */
    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            socket.setSoTimeout(10_000);
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                heads.add(head);
                in.readNBytes(contentLength(head));
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException ended) {
            // the client closed the connection, or the test is over
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }
}
