package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.RawHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The caps hold at the server: never more requests in flight than allowed, in total and per owner,
 * while the rest wait (as futures) and complete once slots free up; one owner's held requests do
 * not hold back another owner's.
 */
class ConcurrencyCapTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient jdk = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final CountDownLatch open = new CountDownLatch(1);
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxActive = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger maxTotal = new AtomicInteger();
    private final RawHttpServer server = RawHttpServer.start(this::answer);

    @AfterEach
    void close() {
        open.countDown();
        server.close();
        scheduler.shutdownNow();
    }

    /**
     * Requests under /held/ wait for {@link #open}; each owner's (the next path segment) are counted,
     * and all of them, until the answer starts: once its last byte is out the client may send the
     * next request before this thread would get to a decrement placed after the write.
     */
    private void answer(String requestLine, OutputStream out) throws IOException, InterruptedException {
        String path = requestLine.split(" ")[1];
        String owner = path.split("/")[2];
        AtomicInteger ownerActive = active.computeIfAbsent(owner, o -> new AtomicInteger());
        maxActive.computeIfAbsent(owner, o -> new AtomicInteger()).accumulateAndGet(ownerActive.incrementAndGet(), Math::max);
        maxTotal.accumulateAndGet(total.incrementAndGet(), Math::max);
        try {
            if (path.startsWith("/held/") && !open.await(20, TimeUnit.SECONDS)) {
                return;
            }
        } finally {
            ownerActive.decrementAndGet();
            total.decrementAndGet();
        }
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write("{}".getBytes(StandardCharsets.US_ASCII));
    }

    private List<CompletableFuture<HttpResponse<String>>> send(HttpClient client, String path, int count) {
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(client.sendAsync(HttpRequest.newBuilder(server.url(path + "/" + i)).timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        return sent;
    }

    private static void assertAllAnswered(List<CompletableFuture<HttpResponse<String>>> sent) throws Exception {
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
        for (CompletableFuture<HttpResponse<String>> response : sent) {
            assertEquals("{}", response.join().body());
        }
    }

    @Test
    void neverMoreThanTheCapsInFlightAndTheQueuedRequestsComplete() throws Exception {
        Permits gate = Permits.forRequests(3, 2, Duration.ofSeconds(20), scheduler);
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        sent.addAll(send(new CheckedHttpClient(jdk, gate, "a", 1 << 20, true), "/held/a", 6));
        sent.addAll(send(new CheckedHttpClient(jdk, gate, "b", 1 << 20, true), "/held/b", 6));
        sent.addAll(send(new CheckedHttpClient(jdk, gate, null, 1 << 20, false), "/held/oauth", 3));

        Await.until(Duration.ofSeconds(10), "three requests at the server", () -> server.active() == 3);
        assertEquals(3, gate.inUse());
        open.countDown();

        assertAllAnswered(sent);
        assertEquals(15, server.requests());
        assertEquals(3, maxTotal.get(), "requests at the server at once");
        assertTrue(maxActive.get("a").get() <= 2 && maxActive.get("b").get() <= 2, "per owner: " + maxActive);
        assertEquals(0, gate.inUse(), "every slot is given back");
    }

    @Test
    void oneOwnersHeldRequestsDoNotHoldBackAnother() throws Exception {
        Permits gate = Permits.forRequests(4, 2, Duration.ofSeconds(20), scheduler);
        List<CompletableFuture<HttpResponse<String>>> held = send(new CheckedHttpClient(jdk, gate, "a", 1 << 20, true),
                "/held/a", 5);
        Await.until(Duration.ofSeconds(10), "a's first two requests at the server", () -> server.active() == 2);

        assertAllAnswered(send(new CheckedHttpClient(jdk, gate, "b", 1 << 20, true), "/free/b", 4));
        assertTrue(held.stream().noneMatch(CompletableFuture::isDone), "a's requests are still held");
        open.countDown();

        assertAllAnswered(held);
        assertEquals(2, maxActive.get("a").get(), "a's requests at the server at once");
    }
}
