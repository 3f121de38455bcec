package io.github.mcpoauth.internal.telemetry;

import java.util.concurrent.Executor;

/**
 * Whether the module traces, and the start of every trace it makes. Tracing is on when the
 * configuration allows it ({@code mcp.oauth.tracing}) and the OpenTelemetry API is on the
 * classpath; an application without the API never loads one of its classes, since this class only
 * names {@link OtelTracing} in the branch that found the API.
 */
public final class Telemetry {

    /** No tracing: every trace is {@link Trace#NONE}. */
    public static final Telemetry OFF = new Telemetry(null);

    static final String API = "io.opentelemetry.api.GlobalOpenTelemetry";

    private final Tracing tracing;

    private Telemetry(Tracing tracing) {
        this.tracing = tracing;
    }

    /** Tracing through OpenTelemetry when {@code enabled} and its API is there; {@link #OFF} otherwise. */
    public static Telemetry create(boolean enabled) {
        if (!enabled || !apiPresent(Telemetry.class.getClassLoader())) {
            return OFF;
        }
        return new Telemetry(new OtelTracing());
    }

    /** Whether {@code loader} sees the OpenTelemetry API (looked up without initializing it). */
    static boolean apiPresent(ClassLoader loader) {
        try {
            Class.forName(API, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    public boolean enabled() {
        return tracing != null;
    }

    /**
     * The calling thread's current context as the parent of the spans an operation starts: an
     * application's request span, when its instrumentation made one current. Take it on the thread
     * that asked for the operation, before any hop.
     */
    public Trace current() {
        return tracing == null ? Trace.NONE : tracing.current();
    }

    /** {@code executor}, running each task in the context current where it was submitted; itself when off. */
    public Executor propagating(Executor executor) {
        return tracing == null ? executor : tracing.propagating(executor);
    }
}
