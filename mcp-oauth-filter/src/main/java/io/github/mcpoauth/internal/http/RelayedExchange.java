package io.github.mcpoauth.internal.http;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One {@link OwnedHttpClient#sendAsync} exchange. The JDK completes the future of its own
 * {@code sendAsync} through a no-op stage on {@code CompletableFuture}'s default executor: the
 * common pool, or a new thread for every response where the common pool's parallelism is 1 (two
 * CPUs or fewer). So the answer is taken from the body handler instead, as soon as the subscriber
 * has its body (a streamed body: right after the head), and completed on the module's executor as
 * a {@link ReceivedResponse}. And once the head is in, the JDK's future is completed here first: a
 * {@code CompletableFuture} stage whose result is already set does not run its action, so the
 * JDK's hop neither queues a task nor starts a thread. From then on a failure reaches the result
 * through the body, and cancelling ends the body ({@link TakenBody}); before it, the JDK's future
 * reports failures and cancelling it ends the exchange.
 */
final class RelayedExchange<T> {

    private final HttpRequest request;
    private final UnaryOperator<Throwable> explain;
    private final Consumer<Runnable> onExecutor;
    private final CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>() {
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            // settled first, so that the failure ending the exchange causes cannot take its place
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            CompletableFuture<HttpResponse<T>> jdk = jdkFuture;
            if (jdk != null) {
                jdk.cancel(mayInterruptIfRunning);
            }
            TakenBody<T> taken = body;
            if (taken != null) {
                taken.cancel();
            }
            return cancelled;
        }
    };
    private volatile CompletableFuture<HttpResponse<T>> jdkFuture;
    private volatile TakenBody<T> body;
    private volatile boolean headIn;

    /**
     * @param explain turns a failure into the one the caller sees (the tunnel's reason)
     * @param onExecutor runs a completion on the module's executor
     */
    RelayedExchange(HttpRequest request, UnaryOperator<Throwable> explain, Consumer<Runnable> onExecutor) {
        this.request = request;
        this.explain = explain;
        this.onExecutor = onExecutor;
    }

    CompletableFuture<HttpResponse<T>> result() {
        return result;
    }

    /** The handler to give the JDK's client in place of {@code handler}. */
    HttpResponse.BodyHandler<T> handler(HttpResponse.BodyHandler<T> handler) {
        return info -> {
            HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
            subscriber.getBody().whenComplete((value, error) -> onExecutor.accept(() -> {
                if (error == null) {
                    result.complete(new ReceivedResponse<>(request, info, value));
                } else {
                    result.completeExceptionally(explain.apply(asCompletion(error)));
                }
            }));
            TakenBody<T> taken = new TakenBody<>(subscriber, this::headIn);
            body = taken;
            return taken;
        };
    }

    /** The JDK's own future for this exchange, as its {@code sendAsync} returned it. */
    void sent(CompletableFuture<HttpResponse<T>> jdk) {
        jdkFuture = jdk;
        if (result.isCancelled()) {
            jdk.cancel(true);
        }
        jdk.whenComplete((value, error) -> {
            if (headIn || result.isDone()) {
                return;
            }
            onExecutor.accept(() -> {
                if (error != null) {
                    result.completeExceptionally(explain.apply(error));
                } else {
                    result.complete(value);
                }
            });
        });
        if (headIn) {
            jdk.complete(null);
        }
    }

    /** Before the subscriber hears of the body, so before the JDK completes its future. */
    private void headIn() {
        headIn = true;
        CompletableFuture<HttpResponse<T>> jdk = jdkFuture;
        if (jdk != null) {
            jdk.complete(null);
        }
    }

    /** As the JDK's future would have reported it, so callers see the same shape either way. */
    private static Throwable asCompletion(Throwable error) {
        return error instanceof CompletionException ? error : new CompletionException(error);
    }
}
