package io.github.mcpoauth.internal.http;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Passes an MCP response body on to the SDK's own subscriber while counting it, and ends it with
 * an error, cancelling the stream (which closes the connection), once it is larger than
 * {@code mcp.oauth.max-response-size}. The SDK buffers a whole JSON answer, or a whole SSE event,
 * before it parses it, so an endless body would otherwise be held in memory until it ran out. An
 * event stream is limited per event, not over its life: a long-lived stream stays open as long as
 * each event is small. Also tells {@code ended} once the body is over, however it ends.
 */
public final class SizeLimitedBody<T> implements HttpResponse.BodySubscriber<T> {

    private final HttpResponse.BodySubscriber<T> delegate;
    private final long limit;
    private final boolean perEvent;
    private final Runnable ended;
    private Flow.Subscription upstream;
    private long size;
    private boolean lineEmpty = true;
    private boolean afterCr;
    private boolean done;

    public SizeLimitedBody(HttpResponse.BodySubscriber<T> delegate, long limit, boolean perEvent, Runnable ended) {
        this.delegate = delegate;
        this.limit = limit;
        this.perEvent = perEvent;
        this.ended = ended;
    }

    /** The error a body too large ends with; its message is the one a user sees. */
    static IOException tooLarge(long limit) {
        return new IOException("response larger than " + describe(limit));
    }

    static String describe(long bytes) {
        if (bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        return bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
    }

    @Override
    public CompletionStage<T> getBody() {
        return delegate.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        upstream = subscription;
        delegate.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                subscription.request(n);
            }

            @Override
            public void cancel() {
                subscription.cancel();
                ended.run();
            }
        });
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (done) {
            return;
        }
        for (ByteBuffer item : items) {
            if (perEvent ? countEvents(item) : (size += item.remaining()) > limit) {
                done = true;
                upstream.cancel();
                ended.run();
                delegate.onError(tooLarge(limit));
                return;
            }
        }
        delegate.onNext(items);
    }

    /**
     * Counts the bytes of the current SSE event, which ends at a blank line (CRLF, LF or CR line
     * ends, as the HTML event-stream format allows); true when one is over the limit.
     */
    private boolean countEvents(ByteBuffer item) {
        for (int i = item.position(); i < item.limit(); i++) {
            byte b = item.get(i);
            if (b == '\n' && afterCr) {
                afterCr = false;
                continue;
            }
            afterCr = b == '\r';
            if (b == '\n' || b == '\r') {
                if (lineEmpty) {
                    size = 0;
                }
                lineEmpty = true;
            } else {
                lineEmpty = false;
                if (++size > limit) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void onError(Throwable throwable) {
        if (!done) {
            done = true;
            ended.run();
            delegate.onError(throwable);
        }
    }

    @Override
    public void onComplete() {
        if (!done) {
            done = true;
            ended.run();
            delegate.onComplete();
        }
    }
}
