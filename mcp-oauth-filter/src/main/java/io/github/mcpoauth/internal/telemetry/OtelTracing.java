package io.github.mcpoauth.internal.telemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tracing on the OpenTelemetry API: the only class of the module that names it, loaded by
 * {@link Telemetry} only once the API class is found. The tracer is asked of the global
 * OpenTelemetry for every span, never kept, so an application that installs its SDK after the
 * module started still gets the spans; and it is asked with {@link GlobalOpenTelemetry#getOrNoop},
 * which, unlike {@code get}, never fixes the global to the no-op one, which would make the
 * application's own later {@code GlobalOpenTelemetry.set} fail. Without an SDK the no-op tracer makes
 * spans that cost nothing (an application's span current at the call is still passed on).
 */
final class OtelTracing implements Tracing {

    static final String SCOPE = "io.github.mcpoauth.filter";
    private static final TextMapSetter<Map<String, String>> SETTER = Map::put;

    @Override
    public Trace current() {
        return new OtelTrace(Context.current(), null);
    }

    @Override
    public Executor propagating(Executor executor) {
        return Context.taskWrapping(executor);
    }

    private static Tracer tracer() {
        return GlobalOpenTelemetry.getOrNoop().getTracer(SCOPE);
    }

    /** A started span and the context it makes for its children; for a captured context, no span of ours. */
    private static final class OtelTrace implements Trace {

        private final Context context;
        private final Span span;
        private final AtomicBoolean ended = new AtomicBoolean();

        OtelTrace(Context parent, Span span) {
            this.context = span == null ? parent : parent.with(span);
            this.span = span;
        }

        @Override
        public Trace child(String name, Trace.SpanKind kind) {
            Span started = tracer().spanBuilder(name)
                    .setParent(context)
                    .setSpanKind(kind == Trace.SpanKind.CLIENT
                            ? io.opentelemetry.api.trace.SpanKind.CLIENT : io.opentelemetry.api.trace.SpanKind.INTERNAL)
                    .startSpan();
            return new OtelTrace(context, started);
        }

        @Override
        public Trace set(String key, String value) {
            if (span != null && value != null) {
                span.setAttribute(key, value);
            }
            return this;
        }

        @Override
        public Trace set(String key, long value) {
            if (span != null) {
                span.setAttribute(key, value);
            }
            return this;
        }

        @Override
        public void fail(String errorType) {
            if (span != null) {
                span.setAttribute("error.type", errorType);
                span.setStatus(StatusCode.ERROR, errorType);
            }
        }

        @Override
        public void end() {
            if (span != null && ended.compareAndSet(false, true)) {
                span.end();
            }
        }

        @Override
        public TraceHeaders headers() {
            Map<String, String> carrier = new HashMap<>();
            W3CTraceContextPropagator.getInstance().inject(context, carrier, SETTER);
            String traceparent = carrier.get("traceparent");
            return traceparent == null ? null : new TraceHeaders(traceparent, carrier.get("tracestate"));
        }
    }
}
