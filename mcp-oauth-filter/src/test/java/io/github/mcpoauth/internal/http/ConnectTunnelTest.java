package io.github.mcpoauth.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.internal.ModuleThreads;
import io.github.mcpoauth.internal.oauth.UrlGuard;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.RawHttpServer;
import io.github.mcpoauth.testsupport.RebindingResolver;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tunnel that pins connections to checked addresses: a host that rebinds to loopback after the
 * check is never reached (while the JDK's own look-up would reach it), and it serves nothing but
 * CONNECT and absolute http from loopback, relays both ways with half-closes, and keeps its bounds.
 */
class ConnectTunnelTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private final ModuleThreads resolverThreads = new ModuleThreads("test-resolve-");
    private final ThreadPoolExecutor resolving = resolverThreads.pool(2);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        resolverThreads.shutdown(resolving, TIMEOUT);
    }

    private ConnectTunnel tunnel(UrlGuard guard, Duration idle, int max) {
        ConnectTunnel tunnel = ConnectTunnel.open(guard, resolving, TIMEOUT, idle, max);
        closing.add(tunnel);
        return tunnel;
    }

    private static RawHttpServer answeringOk() {
        return RawHttpServer.start((line, out) -> {
            out.write(ANSWER.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void aHostThatRebindsToLoopbackAfterTheCheckIsNeverReachedThoughTheJdksOwnLookUpWouldReachIt(String scheme)
            throws Exception {
        try (RawHttpServer loopback = answeringOk()) {
            URI url = URI.create(scheme + "://localhost:" + loopback.url("/").getPort() + "/mcp");
            HttpRequest get = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build();

            // without pinning: the check sees the public answer, the connection the JVM's loopback one
            new UrlGuard(false, false, new RebindingResolver("localhost")).check(url);
            HttpClient unpinned = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            try {
                unpinned.send(get, HttpResponse.BodyHandlers.discarding());
            } catch (IOException tlsToAPlainServer) {
                // https: the handshake fails, but the connection reached the loopback server all the same
            }
            Await.until(TIMEOUT, "the unpinned request to reach loopback", () -> loopback.connections() == 1);

            RebindingResolver dns = new RebindingResolver("localhost");
            UrlGuard guard = new UrlGuard(false, false, dns);
            guard.check(url);
            try (OwnedHttpClient pinned = OwnedHttpClient.create(TIMEOUT, 2, tunnel(guard, TIMEOUT, 16))) {
                McpOAuthException refused = assertThrows(McpOAuthException.class,
                        () -> pinned.send(get, HttpResponse.BodyHandlers.discarding()));
                assertEquals(McpOAuthException.Code.INVALID_REQUEST, refused.code());
                assertTrue(refused.getMessage().contains("localhost"), refused.getMessage());
                assertTrue(refused.getMessage().contains("mcp.oauth.allow-loopback"), refused.getMessage());
                assertFalse(refused.getMessage().contains("127.0.0.1"), refused.getMessage());
            }
            assertTrue(dns.lookUps() >= 2, "the tunnel looked the host up itself");
            assertEquals(1, loopback.connections(), "only the unpinned request reached the loopback server");
        }
    }

    @Test
    void plainHttpGoesUpstreamInOriginFormAndAClosingAnswerEndsTheConnection() throws Exception {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (RawHttpServer upstream = RawHttpServer.start((line, out) -> {
                    lines.add(line);
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                });
                OwnedHttpClient client = OwnedHttpClient.create(TIMEOUT, 2, tunnel(new UrlGuard(false, true), TIMEOUT, 16))) {
            URI url = URI.create("http://localhost:" + upstream.url("/").getPort() + "/mcp/a?b=c&d");
            for (int i = 0; i < 3; i++) {
                HttpRequest post = HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
                HttpResponse<String> response = client.send(post, HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
                assertEquals("ok", response.body());
            }
            assertEquals(List.of("POST /mcp/a?b=c&d HTTP/1.1", "POST /mcp/a?b=c&d HTTP/1.1", "POST /mcp/a?b=c&d HTTP/1.1"),
                    lines);
            assertEquals(3, upstream.connections(), "the upstream's Connection: close reaches the JDK's client");
        }
    }

    @Test
    void httpsKeepsItsEndToEndTlsWithTheHostsNameThroughTheTunnel(@TempDir Path dir) throws Exception {
        char[] password = "changeit".toCharArray();
        Path store = dir.resolve("localhost.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit").redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && keytool.exitValue() == 0);
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(store)) {
            keys.load(in, password);
        }
        javax.net.ssl.KeyManagerFactory km = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        km.init(keys, password);
        javax.net.ssl.TrustManagerFactory tm = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tm.init(keys);
        javax.net.ssl.SSLContext serverTls = javax.net.ssl.SSLContext.getInstance("TLS");
        serverTls.init(km.getKeyManagers(), null, null);
        javax.net.ssl.SSLContext clientTls = javax.net.ssl.SSLContext.getInstance("TLS");
        clientTls.init(null, tm.getTrustManagers(), null);

        com.sun.net.httpserver.HttpsServer server = com.sun.net.httpserver.HttpsServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(serverTls));
        server.createContext("/", exchange -> {
            byte[] answer = (exchange.getRequestMethod() + " " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        ConnectTunnel tunnel = tunnel(new UrlGuard(false, true), TIMEOUT, 16);
        try {
            HttpClient client = HttpClient.newBuilder().proxy(new TunnelSelector(tunnel)).sslContext(clientTls)
                    .connectTimeout(TIMEOUT).build();
            int port = server.getAddress().getPort();
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/x?y=1"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
            assertEquals("GET /x?y=1", answer.body());
            assertEquals(1, tunnel.openTunnels(), "the kept-alive connection runs through the tunnel");

            // the certificate names localhost only: the JDK still checks the name the URL gave
            IOException wrongName = assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString()));
            assertTrue(String.valueOf(wrongName.getMessage()).contains("127.0.0.1")
                    || wrongName instanceof javax.net.ssl.SSLHandshakeException, String.valueOf(wrongName));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRefusedConnectionFailsAsTheDirectOneWould() throws Exception {
        int closedPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = free.getLocalPort();
        }
        try (OwnedHttpClient client = OwnedHttpClient.create(TIMEOUT, 2, tunnel(new UrlGuard(false, true), TIMEOUT, 16))) {
            for (String scheme : new String[] {"http", "https"}) {
                HttpRequest get = HttpRequest.newBuilder(URI.create(scheme + "://localhost:" + closedPort + "/")).build();
                ConnectException e = assertThrows(ConnectException.class,
                        () -> client.send(get, HttpResponse.BodyHandlers.discarding()));
                assertTrue(e.getMessage().contains("localhost"), e.getMessage());
            }
        }
    }

    @Test
    void onlyConnectAndAbsoluteHttpAreServedAndOnlyOnLoopback() throws Exception {
        ConnectTunnel tunnel = tunnel(new UrlGuard(true, true), TIMEOUT, 16);
        assertTrue(tunnel.address().getAddress().isLoopbackAddress());
        assertFalse(ConnectTunnel.isLoopback(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 4000)));
        for (String head : new String[] {"GET /admin HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "CONNECT localhost HTTP/1.1\r\nHost: localhost\r\n\r\n", "GET ftp://localhost/x HTTP/1.1\r\n\r\n",
                "GET https://localhost/x HTTP/1.1\r\n\r\n", "\u0016\u0003\u0001 a TLS hello\r\n\r\n"}) {
            try (Socket socket = connect(tunnel)) {
                socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
                assertTrue(readAll(socket.getInputStream()).startsWith("HTTP/1.1 400 "), head);
            }
        }
    }

    @Test
    void bytesFlowBothWaysAndHalfClosesPassThrough() throws Exception {
        ConnectTunnel tunnel = tunnel(new UrlGuard(false, true), TIMEOUT, 16);
        try (ServerSocket upstream = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                try (Socket s = upstream.accept()) {
                    byte[] got = s.getInputStream().readAllBytes(); // until the client's half-close
                    s.getOutputStream().write(("got:" + new String(got, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the assertion below fails
                }
            });
            echo.start();
            try (Socket socket = connect(tunnel)) {
                assertEquals("HTTP/1.1 200 Connection established", established(socket, "localhost:" + upstream.getLocalPort()));
                socket.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                socket.shutdownOutput();
                assertEquals("got:ping", readAll(socket.getInputStream()));
            }
            echo.join(TIMEOUT.toMillis());
        }
        Await.until(TIMEOUT, "the relay to end", () -> tunnel.openTunnels() == 0);
    }

    @Test
    void megabytesPassWholeBothWaysAtOnce() throws Exception {
        int size = 8 * 1024 * 1024;
        byte[] pattern = new byte[size];
        new java.util.Random(7).nextBytes(pattern);
        ConnectTunnel tunnel = tunnel(new UrlGuard(false, true), TIMEOUT, 16);
        try (ServerSocket upstream = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            byte[][] received = new byte[1][];
            Thread peer = new Thread(() -> {
                try (Socket s = upstream.accept()) {
                    Thread writer = new Thread(() -> {
                        try {
                            s.getOutputStream().write(pattern);
                            s.shutdownOutput();
                        } catch (IOException ignored) {
                            // the assertion below fails
                        }
                    });
                    writer.start();
                    received[0] = s.getInputStream().readAllBytes();
                    writer.join(TIMEOUT.toMillis());
                } catch (IOException | InterruptedException ignored) {
                    // the assertion below fails
                }
            });
            peer.start();
            try (Socket socket = connect(tunnel)) {
                assertEquals("HTTP/1.1 200 Connection established", established(socket, "localhost:" + upstream.getLocalPort()));
                Thread writer = new Thread(() -> {
                    try {
                        socket.getOutputStream().write(pattern);
                        socket.shutdownOutput();
                    } catch (IOException ignored) {
                        // the assertion below fails
                    }
                });
                writer.start();
                byte[] back = socket.getInputStream().readAllBytes();
                writer.join(TIMEOUT.toMillis());
                peer.join(TIMEOUT.toMillis());
                assertTrue(java.util.Arrays.equals(pattern, back), "upstream to client: " + back.length + " bytes");
                assertTrue(java.util.Arrays.equals(pattern, received[0]), "client to upstream");
            }
        }
    }

    @Test
    void manyTunnelsRunOnOneThreadAreBoundedAndAllCloseWithTheTunnel() throws Exception {
        int count = 200;
        java.util.Set<Thread> tunnelThreadsBefore = tunnelThreads();
        ConnectTunnel tunnel = tunnel(new UrlGuard(false, true), TIMEOUT, count);
        List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Socket> clients = new ArrayList<>();
        try (ServerSocket upstream = new ServerSocket(0, count, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (accepted.size() < count) {
                        accepted.add(upstream.accept());
                    }
                } catch (IOException done) {
                    // the server socket closed
                }
            });
            acceptor.start();
            int before = Thread.activeCount();
            for (int i = 0; i < count; i++) {
                Socket socket = connect(tunnel);
                clients.add(socket);
                socket.getOutputStream().write(("CONNECT localhost:" + upstream.getLocalPort() + " HTTP/1.1\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            for (Socket socket : clients) {
                assertEquals("HTTP/1.1 200 Connection established", head(socket));
            }
            assertEquals(count, tunnel.openTunnels());
            java.util.Set<Thread> started = tunnelThreads();
            started.removeAll(tunnelThreadsBefore);
            assertEquals(1, started.size(), "one thread for all the tunnel's connections: " + started);
            assertTrue(Thread.activeCount() - before <= 4, "threads grew from " + before + " to " + Thread.activeCount());

            try (Socket over = connect(tunnel)) {
                assertEquals(-1, over.getInputStream().read(), "one over the bound is closed at once");
            }

            tunnel.close();
            for (Socket socket : clients) {
                assertEquals(-1, socket.getInputStream().read(), "closed with the tunnel");
            }
            Await.until(TIMEOUT, "the tunnel's thread to end", () -> !tunnel.running());
            acceptor.join(TIMEOUT.toMillis());
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void anIdleRelayEnds() throws Exception {
        ConnectTunnel tunnel = tunnel(new UrlGuard(false, true), Duration.ofMillis(200), 16);
        try (ServerSocket upstream = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
                Socket socket = connect(tunnel)) {
            assertEquals("HTTP/1.1 200 Connection established", established(socket, "localhost:" + upstream.getLocalPort()));
            long started = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(TIMEOUT) < 0);
        }
    }

    private static java.util.Set<Thread> tunnelThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("mcp-oauth-tunnel-"))
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }

    private static Socket connect(ConnectTunnel tunnel) throws IOException {
        Socket socket = new Socket(tunnel.address().getAddress(), tunnel.address().getPort());
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        return socket;
    }

    private static String established(Socket socket, String authority) throws IOException {
        socket.getOutputStream().write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return head(socket);
    }

    /** The status line of the head the tunnel answered, the head read up to its empty line. */
    private static String head(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString().lines().findFirst().orElse("");
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
