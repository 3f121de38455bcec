package io.github.mcpoauth.internal.http;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body of a {@link RelayedExchange}: tells it that the head is in before the subscriber hears
 * of the body, and keeps the body's subscription, so that cancelling the exchange ends a body not
 * yet complete.
 */
final class TakenBody<T> implements HttpResponse.BodySubscriber<T> {

    private final HttpResponse.BodySubscriber<T> delegate;
    private final Runnable headIn;
    private volatile Flow.Subscription subscription;
    private volatile boolean ended;

    TakenBody(HttpResponse.BodySubscriber<T> delegate, Runnable headIn) {
        this.delegate = delegate;
        this.headIn = headIn;
    }

    /** Ends the body unless it already ended; does nothing before it started. */
    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null && !ended) {
            s.cancel();
        }
    }

    @Override
    public CompletionStage<T> getBody() {
        return delegate.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        headIn.run();
        delegate.onSubscribe(s);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        delegate.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
        ended = true;
        delegate.onError(throwable);
    }

    @Override
    public void onComplete() {
        ended = true;
        delegate.onComplete();
    }
}
