package io.github.mcpoauth.client;

import io.github.mcpoauth.internal.Deadlines;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.common.McpTransportContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The one place where the module's {@link CompletableFuture}s meet the MCP Java SDK's Reactor
 * types, where the SDK leaves no choice: its async client answers with a {@code Mono}, its
 * transport hooks (request customizer, authorization-error handler) return a {@code Publisher},
 * and its client builder takes notification consumers that return a {@code Mono}. Everything else
 * in the module is a future. No conversion here needs a Reactor scheduler: each signal travels on
 * the thread that gave it, and timeouts are {@link Deadlines} on the module's scheduler. Cancelling
 * a future made here cancels the SDK's work, as cancelling the {@code Mono} would.
 */
final class SdkAsync {

    private static final Logger log = LoggerFactory.getLogger(SdkAsync.class);

    /** How long a session may take to close gracefully (its DELETE) before it is closed at once. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private SdkAsync() {
    }

    /** An SDK call as a future; see {@link #call(Mono, CompletableFuture)}. */
    static <T> CompletableFuture<T> call(Mono<T> sdk) {
        return call(sdk, null);
    }

    /**
     * Subscribes to an SDK call, on this thread: the future completes with its value (null when
     * it has none) or fails with its error. The SDK's request is cancelled when the future fails
     * first (cancelled, or failed by a deadline) or when {@code scope} (if any) ends first, however
     * it ends: an attempt that timed out leaves nothing of it running.
     */
    static <T> CompletableFuture<T> call(Mono<T> sdk, CompletableFuture<?> scope) {
        return call(sdk, scope, Trace.NONE);
    }

    /**
     * As {@link #call(Mono, CompletableFuture)}, the HTTP requests of the call carrying {@code trace}'s
     * context: the SDK hands a call's Reactor context to its transport, whose request customizer (see
     * {@link TransportFactory}) finds the trace there under {@link Trace#TRANSPORT_CONTEXT_KEY}.
     */
    static <T> CompletableFuture<T> call(Mono<T> call, CompletableFuture<?> scope, Trace trace) {
        Mono<T> sdk = trace == Trace.NONE ? call : call.contextWrite(c -> c.put(McpTransportContext.KEY,
                McpTransportContext.create(java.util.Map.of(Trace.TRANSPORT_CONTEXT_KEY, trace))));
        CompletableFuture<T> result = new CompletableFuture<>();
        if (scope != null && scope.isDone()) {
            result.cancel(false);
            return result;
        }
        Disposable subscription = sdk.subscribe(result::complete, result::completeExceptionally,
                () -> result.complete(null));
        result.whenComplete((value, error) -> {
            if (error != null) {
                subscription.dispose();
            }
        });
        if (scope != null) {
            scope.whenComplete((value, error) -> result.cancel(false));
        }
        return result;
    }

    /**
     * Our work as what an SDK hook returns: started when the SDK subscribes, cancelled when the
     * SDK cancels; a future completed with null is an empty answer.
     */
    static <T> Publisher<T> hook(Supplier<CompletableFuture<T>> work) {
        return Mono.fromFuture(work);
    }

    /** An answer an SDK hook has at once. */
    static <T> Publisher<T> hook(T value) {
        return Mono.just(value);
    }

    /**
     * A request handler for the SDK's client builder (elicitation): our future as the {@code Mono}
     * the SDK answers the server with; the SDK cancelling it cancels the future.
     */
    static <T, R> Function<T, Mono<R>> handler(Function<T, CompletableFuture<R>> work) {
        return value -> Mono.fromFuture(() -> work.apply(value));
    }

    /** A notification consumer for the SDK's client builder, run on the thread that delivers the notification. */
    static <T> Function<T, Mono<Void>> consumer(Consumer<T> action) {
        return value -> Mono.fromRunnable(() -> action.accept(value));
    }

    /**
     * Closes a client gracefully (streamable HTTP ends its session with a DELETE), or at once once
     * that failed or took {@link #CLOSE_WAIT}; the future completes when it is closed and never fails.
     */
    static CompletableFuture<Void> close(McpAsyncClient client, Deadlines deadlines) {
        if (client == null) {
            return CompletableFuture.completedFuture(null);
        }
        return deadlines.failAfter(call(client.closeGracefully()), CLOSE_WAIT,
                        () -> new TimeoutException("closing took " + CLOSE_WAIT.toSeconds() + "s"))
                .handle((closed, error) -> {
                    if (error != null) {
                        try {
                            client.close();
                        } catch (RuntimeException e) {
                            log.debug("Closing an MCP client failed: {}", e.toString());
                        }
                    }
                    return null;
                });
    }
}
