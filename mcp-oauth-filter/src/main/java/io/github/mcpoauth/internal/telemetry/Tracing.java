package io.github.mcpoauth.internal.telemetry;

import java.util.concurrent.Executor;

/** A tracing implementation behind {@link Telemetry}, in types of this module only. */
interface Tracing {

    /** The caller's current context (an application's request span, say) as a parent. */
    Trace current();

    /** {@code executor} running each task in the context that was current when it was submitted. */
    Executor propagating(Executor executor);
}
