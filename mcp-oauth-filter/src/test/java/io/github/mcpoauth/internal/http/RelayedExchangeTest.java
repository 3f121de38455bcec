package io.github.mcpoauth.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.RawHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Once an answer's head is in, {@link OwnedHttpClient} has settled the JDK's own future itself (so
 * the JDK's hop to the common pool never runs, see {@code CommonPoolTest}); what happens to the body
 * after that must still reach the caller: a body that breaks off fails the answer, and cancelling
 * the answer ends a body still coming, closing its connection.
 */
class RelayedExchangeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aBodyThatBreaksOffAfterTheHeadFailsTheAnswer() throws Exception {
        try (RawHttpServer server = RawHttpServer.start((line, out) -> {
                    answer(out, 100, "only ten b");
                });
                OwnedHttpClient client = OwnedHttpClient.create(Duration.ofSeconds(5), 2, null)) {
            CompletableFuture<HttpResponse<String>> answer = client.sendAsync(request(server),
                    HttpResponse.BodyHandlers.ofString());

            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> answer.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, failed.getCause(), failed::toString);
        }
    }

    @Test
    void cancellingAfterTheHeadEndsTheBodyStillComing() throws Exception {
        CountDownLatch end = new CountDownLatch(1);
        try (RawHttpServer server = RawHttpServer.start((line, out) -> {
                    answer(out, 1_000_000, "");
                    for (int i = 0; i < 3_000 && !end.await(10, TimeUnit.MILLISECONDS); i++) {
                        out.write('x'); // fails once the client has closed the connection
                        out.flush();
                    }
                });
                OwnedHttpClient client = OwnedHttpClient.create(Duration.ofSeconds(5), 2, null)) {
            CountDownLatch bodyStarted = new CountDownLatch(1);
            CompletableFuture<HttpResponse<Void>> answer = client.sendAsync(request(server),
                    info -> HttpResponse.BodySubscribers.fromSubscriber(new Flow.Subscriber<List<ByteBuffer>>() {
                        @Override
                        public void onSubscribe(Flow.Subscription subscription) {
                            subscription.request(Long.MAX_VALUE);
                            bodyStarted.countDown();
                        }

                        @Override
                        public void onNext(List<ByteBuffer> item) {
                        }

                        @Override
                        public void onError(Throwable throwable) {
                        }

                        @Override
                        public void onComplete() {
                        }
                    }));
            assertTrue(bodyStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the body did not start");

            assertTrue(answer.cancel(true));

            Await.until(WAIT, "the client closed the connection", () -> server.closedByClient() == 1);
            assertTrue(answer.isCancelled());
        } finally {
            end.countDown();
        }
    }

    @Test
    void aCompleteAnswerStaysWhatItWasWhenCancelledLater() throws Exception {
        try (RawHttpServer server = RawHttpServer.start((line, out) -> {
                    answer(out, 5, "hello");
                });
                OwnedHttpClient client = OwnedHttpClient.create(Duration.ofSeconds(5), 2, null)) {
            CompletableFuture<HttpResponse<String>> answer = client.sendAsync(request(server),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> response = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            answer.cancel(true);

            assertEquals("hello", answer.get().body());
            assertEquals(200, response.statusCode());
        }
    }

    /** A 200 answer's head announcing {@code length} bytes, then the first of them (maybe not all). */
    private static void answer(OutputStream out, long length, String first) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        out.write(first.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static HttpRequest request(RawHttpServer server) {
        return HttpRequest.newBuilder(server.url("/body")).timeout(Duration.ofSeconds(5)).build();
    }
}
