package io.github.mcpoauth.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The response-size limit: a JSON body is limited as a whole, an event stream per event (so a
 * long-lived stream of small events lives on), and going over cancels the stream, reports a clear
 * error to the SDK's subscriber and says the body ended.
 */
class SizeLimitedBodyTest {

    private static final int LIMIT = 1024;

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicInteger ended = new AtomicInteger();

    private <T> SizeLimitedBody<T> subscribe(HttpResponse.BodySubscriber<T> sdk, boolean stream) {
        SizeLimitedBody<T> body = new SizeLimitedBody<>(sdk, LIMIT, stream, ended::incrementAndGet);
        body.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        });
        return body;
    }

    private static List<ByteBuffer> chunk(String text) {
        return List.of(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String failureOf(CompletableFuture<?> body) throws Exception {
        try {
            body.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        }
        throw new AssertionError("the body did not fail");
    }

    @Test
    void aJsonBodyOverTheLimitIsCutOffWithAClearError() throws Exception {
        SizeLimitedBody<String> body = subscribe(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), false);
        body.onNext(chunk("{\"result\":\"" + "x".repeat(600)));
        body.onNext(chunk("x".repeat(600)));

        assertEquals("response larger than 1 KiB", failureOf(body.getBody().toCompletableFuture()));
        assertTrue(cancelled.get(), "the stream is cancelled");
        assertEquals(1, ended.get());
    }

    @Test
    void aJsonBodyUnderTheLimitPassesUnchanged() throws Exception {
        SizeLimitedBody<String> body = subscribe(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), false);
        body.onNext(chunk("{\"a\":"));
        body.onNext(chunk("1}"));
        body.onComplete();

        assertEquals("{\"a\":1}", body.getBody().toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(1, ended.get());
    }

    @Test
    void aLongStreamOfSmallEventsLivesOnWhateverItsTotal() throws Exception {
        SizeLimitedBody<String> body = subscribe(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), true);
        String event = "event: message\r\ndata: " + "y".repeat(400) + "\r\n\r\n";
        for (int i = 0; i < 100; i++) {
            body.onNext(chunk(i % 2 == 0 ? event : event.replace("\r\n", "\n")));
        }
        body.onComplete();

        assertEquals(100 * event.length() - 50 * 3, body.getBody().toCompletableFuture().get(5, TimeUnit.SECONDS).length());
        assertTrue(!cancelled.get(), "the stream is not cancelled");
    }

    @Test
    void oneEventOverTheLimitEndsTheStreamEvenWhenItArrivesInPieces() throws Exception {
        SizeLimitedBody<String> body = subscribe(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), true);
        body.onNext(chunk("data: small\n\ndata: "));
        for (int i = 0; i < 20 && !cancelled.get(); i++) {
            body.onNext(chunk("z".repeat(100) + "\ndata: "));
        }

        assertEquals("response larger than 1 KiB", failureOf(body.getBody().toCompletableFuture()));
        assertTrue(cancelled.get(), "the stream is cancelled");
    }
}
