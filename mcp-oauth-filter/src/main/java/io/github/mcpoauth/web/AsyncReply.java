package io.github.mcpoauth.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Answers when a future completes without holding the request thread (Servlet 6.0 section 2.3.3.3):
 * a pending future puts the request in async mode with a timeout. Where the container cannot go
 * async (a non-async servlet in the chain) it waits, bounded by the same timeout.
 */
final class AsyncReply {

    /** Writes the answer; called exactly once, with a value or an error. */
    interface Writer<T> {
        void write(T value, Throwable error) throws IOException;
    }

    private AsyncReply() {
    }

    static <T> void reply(HttpServletRequest request, CompletableFuture<T> future, Duration timeout, Writer<T> writer)
            throws IOException {
        if (future.isDone() || !request.isAsyncSupported()) {
            T value;
            try {
                value = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                writer.write(null, e.getCause());
                return;
            } catch (TimeoutException e) {
                writer.write(null, new ApiError(504, "timeout", "No answer in time"));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                writer.write(null, new ApiError(503, "unavailable", "Interrupted"));
                return;
            }
            writer.write(value, null);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(timeout.toMillis());
        AtomicBoolean answered = new AtomicBoolean();
        BiConsumer<T, Throwable> finish = (value, error) -> {
            if (answered.compareAndSet(false, true)) {
                try {
                    writer.write(value, error);
                } catch (IOException | RuntimeException ignored) {
                    // the client went away
                } finally {
                    async.complete();
                }
            }
        };
        async.addListener(new Listener(finish, answered));
        future.whenComplete(finish);
    }

    /**
     * Answers a timeout or an error of the async cycle. A named class with a public no-argument
     * constructor: WildFly registers every {@link AsyncListener} class of a deployment as an
     * injectable component and warns at each deploy about one it cannot construct.
     */
    public static final class Listener implements AsyncListener {

        private final BiConsumer<?, Throwable> finish;
        private final AtomicBoolean answered;

        public Listener() {
            this(null, new AtomicBoolean());
        }

        Listener(BiConsumer<?, Throwable> finish, AtomicBoolean answered) {
            this.finish = finish;
            this.answered = answered;
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            fail(new ApiError(504, "timeout", "No answer in time"));
        }

        @Override
        public void onError(AsyncEvent event) {
            fail(new ApiError(500, "internal_error", "Internal error"));
        }

        @Override
        public void onComplete(AsyncEvent event) {
            answered.set(true);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not re-dispatched
        }

        private void fail(ApiError error) {
            if (finish != null) {
                finish.accept(null, error);
            }
        }
    }
}
