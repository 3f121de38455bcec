package io.github.mcpoauth.internal.http;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body of an answer that is not a success, read to its end (so the connection can be reused)
 * and dropped: the SDK then sees an empty body. The SDK quotes an error answer's body in its
 * exception messages and logs them, and a user can point the module at any URL, so an upstream's
 * error page or secrets must never get that far. What happened is told by the status alone.
 */
public final class WithheldBody<T> implements HttpResponse.BodySubscriber<T> {

    private final HttpResponse.BodySubscriber<T> delegate;

    public WithheldBody(HttpResponse.BodySubscriber<T> delegate) {
        this.delegate = delegate;
    }

    /** Whether an answer with this status has its body withheld: anything but 2xx. */
    public static boolean applies(int status) {
        return status < 200 || status >= 300;
    }

    @Override
    public CompletionStage<T> getBody() {
        return delegate.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        delegate.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                // demand is ours: the whole body is read and dropped below
            }

            @Override
            public void cancel() {
                subscription.cancel();
            }
        });
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        // dropped
    }

    @Override
    public void onError(Throwable throwable) {
        delegate.onError(throwable);
    }

    @Override
    public void onComplete() {
        delegate.onComplete();
    }
}
