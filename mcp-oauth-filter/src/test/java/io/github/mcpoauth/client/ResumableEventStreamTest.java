package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.mcpoauth.testsupport.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A POST's event stream that the server ends before the answer is resumed as MCP 2025-11-25
 * (SEP-1699) asks: a GET to the same endpoint with the same headers and {@code Last-Event-ID},
 * sent no sooner than the server's {@code retry} time, whose events continue the body the caller
 * reads; a reopened stream is ended by the client once the answer is through. Streams the server
 * cannot resume (no event id), and refused resumptions, end as they would without it.
 */
class ResumableEventStreamTest {

    private static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[]}}";
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private final HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Map<String, List<String>>> gets = new CopyOnWriteArrayList<>();
    private final AtomicLong postEnded = new AtomicLong();
    private final AtomicLong getArrived = new AtomicLong();
    private final AtomicInteger getsClosedByClient = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        serverThreads.shutdownNow();
        scheduler.shutdownNow();
    }

    /** Answers a POST with {@code postEvents} and ends it; a GET with {@code getStatus} and {@code getEvents}, held open. */
    private URI serve(String postEvents, int getStatus, String getEvents) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/mcp", exchange -> {
            try (exchange) {
                if ("POST".equals(exchange.getRequestMethod())) {
                    exchange.getRequestBody().readAllBytes();
                    stream(exchange, 200, postEvents);
                    postEnded.set(System.nanoTime());
                    return;
                }
                getArrived.set(System.nanoTime());
                gets.add(Map.copyOf(exchange.getRequestHeaders()));
                OutputStream out = stream(exchange, getStatus, getEvents);
                if (getStatus == 200) {
                    holdUntilClientCloses(out);
                }
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
    }

    private static OutputStream stream(HttpExchange exchange, int status, String events) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "text/event-stream" : "text/plain");
        exchange.sendResponseHeaders(status, 0);
        OutputStream out = exchange.getResponseBody();
        out.write(events.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return out;
    }

    private void holdUntilClientCloses(OutputStream out) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try {
            while (System.nanoTime() < until) {
                Thread.sleep(50);
                out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException closed) {
            getsClosedByClient.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> post(URI endpoint) throws Exception {
        return post(endpoint, HttpResponse.BodyHandlers.ofString());
    }

    private <T> HttpResponse<T> post(URI endpoint, HttpResponse.BodyHandler<T> handler) throws Exception {
        CheckedHttpClient client = new CheckedHttpClient(jdk, Permits.forRequests(4, 4, Duration.ofSeconds(5), scheduler),
                "alice", 1 << 20, true, scheduler, Duration.ofSeconds(30));
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json, text/event-stream").header("Content-Type", "application/json")
                .header("Authorization", "Bearer t-1").header("Mcp-Session-Id", "s-1")
                .header("MCP-Protocol-Version", "2025-11-25")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\"}")).build();
        return client.sendAsync(request, handler).get(15, TimeUnit.SECONDS);
    }

    @Test
    void anEndedStreamIsResumedAfterTheRetryTimeFromTheLastEventIdAndEndsWithTheAnswer() throws Exception {
        URI endpoint = serve("id: e-1\nretry: 400\ndata: \n\n", 200, "id: e-2\ndata: " + ANSWER + "\n\n");

        HttpResponse<String> response = post(endpoint);

        assertTrue(response.body().endsWith("data: " + ANSWER + "\n\n"), "the reopened stream continues the body, up to the answer");
        assertEquals(1, gets.size());
        Map<String, List<String>> get = gets.get(0);
        assertEquals(List.of("e-1"), get.get("Last-event-id"));
        assertEquals(List.of("text/event-stream"), get.get("Accept"));
        assertEquals(List.of("Bearer t-1"), get.get("Authorization"));
        assertEquals(List.of("s-1"), get.get("Mcp-session-id"));
        assertEquals(List.of("2025-11-25"), get.get("Mcp-protocol-version"));
        assertNull(get.get("Content-type"));
        long waited = getArrived.get() - postEnded.get();
        assertTrue(waited >= Duration.ofMillis(400).toNanos(), "waited the server's retry time, not " + waited / 1_000_000 + " ms");
        Await.until(Duration.ofSeconds(5), "the client to close the reopened stream", () -> getsClosedByClient.get() == 1);
    }

    @Test
    void aStreamWithoutAnEventIdEndsAsTheServerEndedIt() throws Exception {
        URI endpoint = serve("retry: 100\ndata: \n\n", 200, "");

        HttpResponse<String> response = post(endpoint);

        assertEquals("retry: 100\ndata: \n\n", response.body());
        Thread.sleep(300); // past the retry time: a resumption would have arrived by now
        assertTrue(gets.isEmpty(), "nothing to resume from");
    }

    @Test
    void aStreamAlreadyAnsweredIsNotResumed() throws Exception {
        URI endpoint = serve("id: e-1\nretry: 100\ndata: " + ANSWER + "\n\n", 200, "");

        post(endpoint);

        Thread.sleep(300); // past the retry time: a resumption would have arrived by now
        assertTrue(gets.isEmpty(), "the answer came; nothing to resume");
    }

    @Test
    void aRefusedResumptionEndsTheBodyWithTheStatusOnly() throws Exception {
        URI endpoint = serve("id: e-1\nretry: 50\ndata: \n\n", 405, "secret page");

        ExecutionException e = assertThrows(ExecutionException.class, () -> post(endpoint));

        IOException failure = assertInstanceOf(IOException.class, e.getCause());
        assertEquals("the server did not resume the event stream (HTTP 405)", failure.getMessage());
    }

    @Test
    void aReaderThatStopsReadingStopsTheResumption() throws Exception {
        URI endpoint = serve("id: e-1\nretry: 300\ndata: \n\n", 200, "id: e-2\ndata: " + ANSWER + "\n\n");
        CountDownLatch ended = new CountDownLatch(1);

        post(endpoint, HttpResponse.BodyHandlers.ofPublisher()).body().subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                subscription.cancel(); // as the SDK does when its session closes
                ended.countDown();
            }

            @Override
            public void onError(Throwable throwable) {
                ended.countDown();
            }

            @Override
            public void onComplete() {
                ended.countDown();
            }
        });

        assertTrue(ended.await(5, TimeUnit.SECONDS));
        Thread.sleep(600); // twice the retry time: a resumption would have arrived by now
        assertTrue(gets.isEmpty(), "nobody reads the stream any more; nothing to resume");
    }
}
