package io.github.mcpoauth.internal.telemetry;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One step of the module's work as a span, or nothing when tracing is off ({@link #NONE}). A trace
 * is passed explicitly to the steps it contains, never found in a thread-local: the module's work
 * hops between its own threads and the HTTP client's, so the parent travels with the work itself.
 * Attributes never carry a token, code, secret, URL query or anything an upstream server wrote.
 */
public interface Trace {

    /** Tracing off: every method does nothing, {@link #child} answers this again. */
    Trace NONE = NoTrace.INSTANCE;

    /**
     * The key under which an SDK call's transport context ({@code McpTransportContext}) carries its
     * trace to the request customizer, which sends its {@link #headers()}.
     */
    String TRANSPORT_CONTEXT_KEY = Trace.class.getName();

    /** A span of {@code kind} started now as this one's child. */
    Trace child(String name, SpanKind kind);

    Trace set(String key, String value);

    Trace set(String key, long value);

    /**
     * Marks the span failed: {@code error.type} (OpenTelemetry's "Recording errors") and the error
     * status, described by that type only, since a failure's message may quote an upstream server.
     */
    void fail(String errorType);

    /** Ends the span; later calls do nothing. */
    void end();

    /** The span's trace context for an outbound request; null when there is none to send. */
    TraceHeaders headers();

    /** Fails the span with {@code error}'s type ({@link ErrorTypes#of}) and ends it. */
    default void end(Throwable error) {
        if (error != null) {
            fail(ErrorTypes.of(error));
        }
        end();
    }

    /** Ends the span when {@code work} completes, however: value, failure, timeout or cancellation. */
    default <T> CompletableFuture<T> endWhen(CompletableFuture<T> work) {
        work.whenComplete((value, error) -> end(error));
        return work;
    }

    /**
     * Starts {@code work} and ends the span when it completes ({@link #endWhen}); work that throws
     * instead of returning a future ends it at once, and the future fails with what it threw.
     */
    default <T> CompletableFuture<T> around(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> started;
        try {
            started = work.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        return endWhen(started);
    }

    /** The kinds of span the module starts (OpenTelemetry's SpanKind). */
    enum SpanKind {
        /** a request to a server: an MCP call, an OAuth exchange */
        CLIENT,
        /** work of our own that contains such requests */
        INTERNAL
    }
}
