package io.github.mcpoauth.client;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * The event stream answering one MCP POST, resumed when the server ends it before the answer (MCP
 * 2025-11-25 "Transports", resumability and redelivery; SEP-1699): once the server's {@code retry}
 * time has passed, a GET with {@code Last-Event-ID} reopens it, and the reopened stream's bytes
 * continue the same body, so the SDK's transport reads one stream that carries the answer. The MCP
 * Java SDK 2.1.0 does not resume it: {@code HttpClientStreamableHttpTransport.sendMessage} reads
 * the stream through {@code consumeSseStream(body, null)}, which just ends with the body (the
 * {@code DefaultMcpTransportStream} it makes per event reconnects only on an error), and its parser
 * ({@code ResponseBodyHandlers.SseEventParser}) drops {@code retry} as an unknown field.
 *
 * <p>Resumed only when the server gave an event id (its promise it can resume), from a boundary
 * between events, while the request is younger than {@code window} (the longest a request waits),
 * and at most {@link #MAX_IDLE_RESUMES} times in a row without an event. A reopened stream is ended
 * once the answer is through: the server may keep a GET open, and the session's own stream serves
 * the rest. A reopened stream the server refuses ends the body with an error naming the status.
 */
final class ResumableEventStream<T> implements HttpResponse.BodySubscriber<T> {

    /** The wait before reopening when the server sent no {@code retry}, as browsers' EventSource. */
    static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);
    static final int MAX_IDLE_RESUMES = 3;

    private final HttpResponse.BodySubscriber<T> downstream;
    private final BiFunction<String, HttpResponse.BodyHandler<Void>, CompletableFuture<?>> reopen;
    private final ScheduledExecutorService scheduler;
    private final long deadlineNanos;
    private final EventStreamScan scan = new EventStreamScan();
    private final AtomicBoolean done = new AtomicBoolean();
    private SwitchedSubscription subscription;
    private boolean reopened;
    private int idleResumes;
    private int eventsBefore;

    /**
     * @param reopen sends the GET that resumes the stream from the given event id, its body read by the given handler
     */
    ResumableEventStream(HttpResponse.BodySubscriber<T> downstream,
            BiFunction<String, HttpResponse.BodyHandler<Void>, CompletableFuture<?>> reopen,
            ScheduledExecutorService scheduler, Duration window) {
        this.downstream = downstream;
        this.reopen = reopen;
        this.scheduler = scheduler;
        this.deadlineNanos = System.nanoTime() + window.toNanos();
    }

    @Override
    public CompletionStage<T> getBody() {
        return downstream.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription first) {
        subscription = new SwitchedSubscription(first);
        downstream.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (done.get()) {
            return;
        }
        subscription.delivered();
        for (int i = 0; i < items.size(); i++) {
            int answeredAt = scan.scan(items.get(i));
            if (answeredAt >= 0 && reopened) {
                List<ByteBuffer> through = new ArrayList<>(items.subList(0, i));
                through.add(items.get(i).duplicate().limit(answeredAt));
                downstream.onNext(through);
                finish(null);
                return;
            }
        }
        downstream.onNext(items);
    }

    @Override
    public void onError(Throwable throwable) {
        if (done.compareAndSet(false, true)) {
            downstream.onError(throwable);
        }
    }

    @Override
    public void onComplete() {
        if (done.get()) {
            return;
        }
        if (reopened && scan.events() > eventsBefore) {
            idleResumes = 0;
        }
        if (!resumable()) {
            finish(null);
            return;
        }
        long delay = scan.retryMillis() >= 0 ? scan.retryMillis() : DEFAULT_RETRY.toMillis();
        try {
            subscription.await(scheduler.schedule(this::reopen, delay, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException closed) {
            finish(null);
        }
    }

    private boolean resumable() {
        return !scan.answered() && scan.lastEventId() != null && scan.atBoundary() && !subscription.cancelled()
                && idleResumes < MAX_IDLE_RESUMES && System.nanoTime() - deadlineNanos < 0;
    }

    private void reopen() {
        if (subscription.cancelled()) {
            return;
        }
        reopened = true;
        idleResumes++;
        eventsBefore = scan.events();
        CompletableFuture<?> sent = reopen.apply(scan.lastEventId(), this::continuation);
        if (subscription.await(sent)) {
            sent.whenComplete((response, error) -> {
                if (error != null) {
                    finish(error);
                }
            });
        }
    }

    /** The reopened stream's body, read into this one; a refusal ends this body with its status. */
    private HttpResponse.BodySubscriber<Void> continuation(HttpResponse.ResponseInfo info) {
        if (info.statusCode() / 100 != 2 || !McpAnswers.isEventStream(info.headers())) {
            finish(new IOException("the server did not resume the event stream (HTTP " + info.statusCode() + ")"));
            return HttpResponse.BodySubscribers.discarding();
        }
        CompletableFuture<Void> ended = new CompletableFuture<>();
        return new HttpResponse.BodySubscriber<>() {
            @Override
            public CompletionStage<Void> getBody() {
                return ended;
            }

            @Override
            public void onSubscribe(Flow.Subscription next) {
                if (done.get()) {
                    next.cancel();
                } else {
                    subscription.switchTo(next);
                }
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                ResumableEventStream.this.onNext(item);
            }

            @Override
            public void onError(Throwable throwable) {
                ended.complete(null);
                ResumableEventStream.this.onError(throwable);
            }

            @Override
            public void onComplete() {
                ended.complete(null);
                ResumableEventStream.this.onComplete();
            }
        };
    }

    /** Ends the body: the current stream is cancelled, the SDK sees the end (or {@code error}). */
    private void finish(Throwable error) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        subscription.cancelUpstream();
        if (error == null) {
            downstream.onComplete();
        } else {
            downstream.onError(error);
        }
    }
}
