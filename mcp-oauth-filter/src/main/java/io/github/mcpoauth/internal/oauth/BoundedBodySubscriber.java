package io.github.mcpoauth.internal.oauth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects a response body as bytes and gives up, cancelling the stream (which closes the
 * connection), as soon as it grows past a limit, arrives slower than a minimum rate over any
 * {@link #RATE_WINDOW_MILLIS} window, or is {@link #abort aborted} by the exchange's deadline: a
 * hostile server can then neither make us buffer an unbounded document nor hold a connection by
 * sending it one byte at a time ({@code HttpRequest.timeout} ends with the headers).
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    static final long RATE_WINDOW_MILLIS = 5_000;

    /** The body was larger than allowed. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(int limit) {
            super("response body larger than " + limit + " bytes");
        }
    }

    /** The body arrived slower than the minimum rate. */
    static final class TooSlowException extends IOException {
        private static final long serialVersionUID = 1L;

        TooSlowException(long minRate) {
            super("response body slower than " + minRate + " bytes/s");
        }
    }

    private final int limit;
    private final long minRate;
    private final ScheduledExecutorService scheduler;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final AtomicLong received = new AtomicLong();
    private volatile Flow.Subscription subscription;
    private ScheduledFuture<?> pace;
    private long receivedAtLastCheck;

    /** @param minRate bytes per second, 0 for none; checked on {@code scheduler} */
    BoundedBodySubscriber(int limit, long minRate, ScheduledExecutorService scheduler) {
        this.limit = limit;
        this.minRate = minRate;
        this.scheduler = scheduler;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (minRate > 0 && scheduler != null) {
            try {
                pace = scheduler.scheduleAtFixedRate(this::checkPace, RATE_WINDOW_MILLIS, RATE_WINDOW_MILLIS,
                        TimeUnit.MILLISECONDS);
                result.whenComplete((body, error) -> pace.cancel(false));
            } catch (RejectedExecutionException closed) {
                abort(new IOException("closed"));
                return;
            }
        }
        s.request(Long.MAX_VALUE);
    }

    private void checkPace() {
        long now = received.get();
        long sinceLast = now - receivedAtLastCheck;
        receivedAtLastCheck = now;
        if (sinceLast < minRate * RATE_WINDOW_MILLIS / 1000) {
            abort(new TooSlowException(minRate));
        }
    }

    /** Ends the body with {@code error} and cancels the stream, unless it has ended already. */
    void abort(IOException error) {
        if (result.completeExceptionally(error)) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            if (buffer.size() + item.remaining() > limit) {
                abort(new TooLargeException(limit));
                return;
            }
            received.addAndGet(item.remaining());
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            buffer.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(buffer.toByteArray());
    }
}
