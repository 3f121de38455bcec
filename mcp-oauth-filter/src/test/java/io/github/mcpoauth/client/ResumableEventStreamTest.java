package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
                "alice", 1 << 20, true, new CheckedHttpClient.Streamable(scheduler, Duration.ofSeconds(30), endpoint, null));
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
        Fed fed = feed("retry: 100\ndata: \n\n");

        fed.stream.onComplete();

        assertEquals("retry: 100\ndata: \n\n", fed.body.get(0, TimeUnit.SECONDS));
        assertTrue(fed.scheduled.isEmpty() && fed.reopened.isEmpty(), "nothing to resume from");
    }

    @Test
    void aStreamAlreadyAnsweredIsNotResumed() throws Exception {
        Fed fed = feed("id: e-1\nretry: 100\ndata: " + ANSWER + "\n\n");

        fed.stream.onComplete();

        assertTrue(fed.body.get(0, TimeUnit.SECONDS).endsWith(ANSWER + "\n\n"));
        assertTrue(fed.scheduled.isEmpty() && fed.reopened.isEmpty(), "the answer came; nothing to resume");
    }

    @Test
    void anUnansweredStreamWithAnEventIdIsResumedAfterItsRetryTime() {
        Fed fed = feed("id: e-1\nretry: 250\ndata: \n\n");

        fed.stream.onComplete();

        assertEquals(List.of(250L), fed.scheduled.stream().map(Scheduled::delayMillis).toList());
        assertFalse(fed.body.isDone(), "the body goes on in the reopened stream");
        fed.scheduled.get(0).task().run();
        assertEquals(List.of("e-1"), fed.reopened);
    }

    @Test
    void aRefusedResumptionEndsTheBodyWithTheStatusOnly() throws Exception {
        URI endpoint = serve("id: e-1\nretry: 50\ndata: \n\n", 405, "secret page");

        ExecutionException e = assertThrows(ExecutionException.class, () -> post(endpoint));

        IOException failure = assertInstanceOf(IOException.class, e.getCause());
        assertEquals("the server did not resume the event stream (HTTP 405)", failure.getMessage());
    }

    @Test
    void aReaderThatCancelsBeforeTheStreamEndsIsNotResumed() {
        Fed fed = feed("id: e-1\nretry: 300\ndata: \n\n");

        fed.stream.getBody(); // the caller's side as the SDK holds it
        fed.downstreamSubscription.get().cancel(); // as the SDK does when its session closes
        fed.stream.onComplete();

        assertTrue(fed.upstreamCancelled.get(), "the cancel reaches the server's stream");
        assertTrue(fed.scheduled.isEmpty() && fed.reopened.isEmpty(), "nobody reads the stream any more; nothing to resume");
    }

    @Test
    void aReaderThatCancelsWhileAResumptionWaitsStopsIt() {
        Fed fed = feed("id: e-1\nretry: 300\ndata: \n\n");
        fed.stream.onComplete();
        assertEquals(1, fed.scheduled.size());

        fed.downstreamSubscription.get().cancel();
        fed.scheduled.get(0).task().run(); // had the cancelled wait still fired

        assertTrue(fed.scheduled.get(0).cancelled().get(), "the waiting resumption is cancelled");
        assertTrue(fed.reopened.isEmpty(), "nobody reads the stream any more; nothing to resume");
    }

    private record Scheduled(Runnable task, long delayMillis, AtomicBoolean cancelled) {
    }

    /** A stream fed by hand: the server's bytes in one piece, its waits recorded, not run. */
    private record Fed(ResumableEventStream<String> stream, CompletableFuture<String> body, List<Scheduled> scheduled,
            List<String> reopened, AtomicReference<Flow.Subscription> downstreamSubscription, AtomicBoolean upstreamCancelled) {
    }

    private static Fed feed(String events) {
        List<Scheduled> scheduled = new ArrayList<>();
        List<String> reopened = new ArrayList<>();
        AtomicBoolean upstreamCancelled = new AtomicBoolean();
        AtomicReference<Flow.Subscription> downstreamSubscription = new AtomicReference<>();
        ScheduledThreadPoolExecutor recording = new ScheduledThreadPoolExecutor(0) {
            @Override
            public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
                AtomicBoolean cancelled = new AtomicBoolean();
                scheduled.add(new Scheduled(task, unit.toMillis(delay), cancelled));
                return new RecordedWait(cancelled);
            }
        };
        HttpResponse.BodySubscriber<String> strings = HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
        HttpResponse.BodySubscriber<String> downstream = new HttpResponse.BodySubscriber<>() {
            @Override
            public CompletionStage<String> getBody() {
                return strings.getBody();
            }

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                downstreamSubscription.set(subscription);
                strings.onSubscribe(subscription);
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                strings.onNext(item);
            }

            @Override
            public void onError(Throwable throwable) {
                strings.onError(throwable);
            }

            @Override
            public void onComplete() {
                strings.onComplete();
            }
        };
        ResumableEventStream<String> stream = new ResumableEventStream<>(downstream, (lastEventId, handler) -> {
            reopened.add(lastEventId);
            return new CompletableFuture<>();
        }, recording, Duration.ofMinutes(1));
        stream.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                upstreamCancelled.set(true);
            }
        });
        stream.onNext(List.of(ByteBuffer.wrap(events.getBytes(StandardCharsets.UTF_8))));
        return new Fed(stream, stream.getBody().toCompletableFuture(), scheduled, reopened, downstreamSubscription,
                upstreamCancelled);
    }

    /** What the recording scheduler hands back: a wait that never fires by itself and remembers a cancel. */
    private static final class RecordedWait extends CompletableFuture<Void> implements ScheduledFuture<Void> {
        private final AtomicBoolean cancelled;

        RecordedWait(AtomicBoolean cancelled) {
            this.cancelled = cancelled;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled.set(true);
            return super.cancel(mayInterruptIfRunning);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(java.util.concurrent.Delayed other) {
            return 0;
        }
    }
}
