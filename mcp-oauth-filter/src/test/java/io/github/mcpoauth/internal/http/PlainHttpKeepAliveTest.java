package io.github.mcpoauth.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.mcpoauth.internal.ModuleThreads;
import io.github.mcpoauth.internal.oauth.UrlGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plain http to a host name through the tunnel keeps its connections alive, but only per origin:
 * each connection is pinned to one host's checked address and carries that host's requests only,
 * even where two names share an address and a port, and a request for another origin sent down a
 * pinned connection never leaves the tunnel.
 */
class PlainHttpKeepAliveTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ModuleThreads resolverThreads = new ModuleThreads("test-resolve-");
    private final ThreadPoolExecutor resolving = resolverThreads.pool(2);
    private final AtomicInteger lookUps = new AtomicInteger();
    /** a.test and b.test both name this machine: one upstream serves both. */
    private final UrlGuard guard = new UrlGuard(false, true, this::resolve);
    private final Map<Integer, Set<String>> hostsByConnection = new ConcurrentHashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer upstream;

    private InetAddress[] resolve(String host) throws UnknownHostException {
        if (!host.equals("a.test") && !host.equals("b.test")) {
            throw new UnknownHostException(host);
        }
        lookUps.incrementAndGet();
        return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
    }

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String host = exchange.getRequestHeaders().getFirst("Host");
            hostsByConnection.computeIfAbsent(exchange.getRemoteAddress().getPort(), port -> ConcurrentHashMap.newKeySet())
                    .add(host);
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + host + " "
                    + new String(body, StandardCharsets.UTF_8));
            byte[] answer = ("for " + host).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        upstream.start();
    }

    @AfterEach
    void stop() {
        upstream.stop(0);
        resolverThreads.shutdown(resolving, TIMEOUT);
    }

    private URI url(String host, String path) {
        return URI.create("http://" + host + ":" + upstream.getAddress().getPort() + path);
    }

    @Test
    void eachHostKeepsItsOwnPinnedConnectionAndNoConnectionCarriesTwoHosts() throws Exception {
        try (ConnectTunnel tunnel = ConnectTunnel.open(guard, resolving, TIMEOUT, TIMEOUT, 16);
                OwnedHttpClient client = OwnedHttpClient.create(TIMEOUT, 2, tunnel)) {
            for (int i = 0; i < 4; i++) {
                for (String host : new String[] {"a.test", "b.test"}) {
                    HttpRequest post = HttpRequest.newBuilder(url(host, "/mcp?n=" + i))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")).build();
                    HttpResponse<String> answer = client.send(post, HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, answer.statusCode());
                    assertEquals("for " + host + ":" + upstream.getAddress().getPort(), answer.body());
                }
            }
            assertEquals(8, received.size(), received.toString());
            assertTrue(received.contains("POST /mcp?n=3 b.test:" + upstream.getAddress().getPort() + " {\"n\":3}"),
                    received.toString());
            assertEquals(2, hostsByConnection.size(), "one kept-alive connection per host: " + hostsByConnection);
            hostsByConnection.values().forEach(hosts -> assertEquals(1, hosts.size(), "one host per connection"));
            assertEquals(2, lookUps.get(), "each host looked up once, for its one pinned connection");
        }
    }

    @Test
    void aRequestForAnotherOriginDownAPinnedConnectionNeverLeavesTheTunnel() throws Exception {
        try (ConnectTunnel tunnel = ConnectTunnel.open(guard, resolving, TIMEOUT, TIMEOUT, 16)) {
            int port = upstream.getAddress().getPort();
            InetSocketAddress forA = tunnel.originAddress("A.test", port);
            assertEquals(forA, tunnel.originAddress("a.test", port), "one listener per origin");
            assertNotEquals(forA, tunnel.originAddress("b.test", port));
            assertNotEquals(forA, tunnel.originAddress("a.test", port + 1));
            assertNotEquals(tunnel.address(), forA);
            try (Socket socket = new Socket(forA.getAddress(), forA.getPort())) {
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                OutputStream out = socket.getOutputStream();
                out.write(("POST http://a.test:" + port + "/one HTTP/1.1\r\nHost: a.test:" + port
                        + "\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertTrue(readAnswer(socket.getInputStream()).endsWith("for a.test:" + port));
                out.write(("GET http://b.test:" + port + "/two HTTP/1.1\r\nHost: b.test:" + port + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertEquals(-1, socket.getInputStream().read(), "the tunnel ended the connection");
            }
            assertEquals(List.of("POST /one a.test:" + port + " hi"), received);
        }
    }

    @Test
    void pastTheBoundOfOriginsPlainHttpUsesTheSharedListener() {
        try (ConnectTunnel tunnel = ConnectTunnel.open(guard, resolving, TIMEOUT, TIMEOUT, 16)) {
            for (int port = 1; port <= ConnectTunnel.MAX_ORIGINS; port++) {
                assertTrue(tunnel.originAddress("a.test", port) != null);
            }
            assertNull(tunnel.originAddress("a.test", ConnectTunnel.MAX_ORIGINS + 1));
            TunnelSelector selector = new TunnelSelector(tunnel);
            assertEquals(tunnel.address(), selector.select(URI.create("http://b.test/")).get(0).address());
            assertEquals(tunnel.originAddress("a.test", 1), selector.select(URI.create("http://a.test:1/")).get(0).address());
        }
    }

    /** One answer with a Content-Length body: its head and body as text. */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the head: " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
