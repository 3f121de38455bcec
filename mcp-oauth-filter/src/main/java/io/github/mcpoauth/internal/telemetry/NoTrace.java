package io.github.mcpoauth.internal.telemetry;

/** {@link Trace#NONE}: tracing is off, or the OpenTelemetry API is absent. */
enum NoTrace implements Trace {
    INSTANCE;

    @Override
    public Trace child(String name, SpanKind kind) {
        return this;
    }

    @Override
    public Trace set(String key, String value) {
        return this;
    }

    @Override
    public Trace set(String key, long value) {
        return this;
    }

    @Override
    public void fail(String errorType) {
    }

    @Override
    public void end() {
    }

    @Override
    public TraceHeaders headers() {
        return null;
    }
}
