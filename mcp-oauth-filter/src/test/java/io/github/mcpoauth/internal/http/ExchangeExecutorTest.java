package io.github.mcpoauth.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import io.github.mcpoauth.internal.ModuleThreads;
import io.github.mcpoauth.internal.oauth.UrlGuard;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pinned client's {@code sendAsync} starts an exchange on the calling thread, as the JDK's
 * {@code send} does, instead of waking an HTTP thread to start it; what the JDK hands over later,
 * from its selector thread, still goes to the pool.
 */
class ExchangeExecutorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ModuleThreads resolverThreads = new ModuleThreads("test-resolve-");
    private final ThreadPoolExecutor resolving = resolverThreads.pool(2);
    private final UrlGuard guard = new UrlGuard(false, true,
            host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})});
    private HttpServer upstream;

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] answer = exchange.getRequestBody().readAllBytes();
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

    @Test
    void aPinnedClientStartsAnExchangeOnAKeptConnectionOnTheThreadThatSends() throws Exception {
        URI url = URI.create("http://mcp.test:" + upstream.getAddress().getPort() + "/mcp");
        try (ConnectTunnel tunnel = ConnectTunnel.open(guard, resolving, TIMEOUT, TIMEOUT, 16);
                OwnedHttpClient client = OwnedHttpClient.create(TIMEOUT, 2, tunnel)) {
            List<String> headThreads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RecordingBody body = new RecordingBody("call " + i);
                HttpResponse<String> answer = client.sendAsync(HttpRequest.newBuilder(url).POST(body).build(),
                        HttpResponse.BodyHandlers.ofString()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertEquals("call " + i, answer.body());
                headThreads.add(body.headThread);
            }
            String caller = Thread.currentThread().getName();
            assertEquals(List.of(caller, caller), headThreads.subList(1, 3),
                    "once the connection is kept, the sending thread builds the head: " + headThreads);
        }
    }

    @Test
    void onlyWhatIsHandedOverWhileStartingRunsOnTheCallingThread() {
        List<Runnable> pooled = new ArrayList<>();
        ExchangeExecutor executor = new ExchangeExecutor(pooled::add);
        List<String> ran = new ArrayList<>();
        String answer = executor.startHere(() -> {
            executor.execute(() -> ran.add("while starting"));
            executor.startHere(() -> {
                executor.execute(() -> ran.add("nested"));
                return null;
            });
            executor.execute(() -> ran.add("after the nested start"));
            return "sent";
        });
        executor.execute(() -> ran.add("later"));
        assertEquals("sent", answer);
        assertEquals(List.of("while starting", "nested", "after the nested start"), ran);
        assertEquals(1, pooled.size(), "what comes later goes to the pool");
    }

    @Test
    void aFailingStartLeavesLaterWorkToThePool() {
        List<Runnable> pooled = new ArrayList<>();
        ExchangeExecutor executor = new ExchangeExecutor(pooled::add);
        assertThrows(IllegalStateException.class, () -> executor.startHere(() -> {
            throw new IllegalStateException("refused");
        }));
        executor.execute(() -> {
        });
        assertEquals(1, pooled.size());
    }

    /** A body that notes the thread the JDK first asks its length on: the one that builds the head. */
    private static final class RecordingBody implements HttpRequest.BodyPublisher {

        private final HttpRequest.BodyPublisher bytes;
        private volatile String headThread;

        RecordingBody(String text) {
            this.bytes = HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
        }

        @Override
        public long contentLength() {
            if (headThread == null) {
                headThread = Thread.currentThread().getName();
            }
            return bytes.contentLength();
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            bytes.subscribe(subscriber);
        }
    }
}
