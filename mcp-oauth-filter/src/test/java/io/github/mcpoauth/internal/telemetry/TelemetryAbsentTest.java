package io.github.mcpoauth.internal.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.GlobalOpenTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The OpenTelemetry API is optional: this package's classes, loaded afresh by a class loader that
 * cannot see the API (as in an application without it), turn tracing off and work as no-ops; and
 * with the API present but tracing off, not one of its classes is loaded.
 */
class TelemetryAbsentTest {

    /** Defines this package's classes itself; asks its parent for the rest, refusing OpenTelemetry when told to. */
    private static final class IsolatingLoader extends ClassLoader {
        private final boolean hideOpenTelemetry;
        final List<String> openTelemetryRequests = new CopyOnWriteArrayList<>();

        IsolatingLoader(boolean hideOpenTelemetry) {
            super(TelemetryAbsentTest.class.getClassLoader());
            this.hideOpenTelemetry = hideOpenTelemetry;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("io.opentelemetry.")) {
                    openTelemetryRequests.add(name);
                    if (hideOpenTelemetry) {
                        throw new ClassNotFoundException(name);
                    }
                }
                if (!name.startsWith(Telemetry.class.getPackageName() + ".") || name.endsWith("Test")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> loaded = findLoadedClass(name);
                if (loaded != null) {
                    return loaded;
                }
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    byte[] bytes = in.readAllBytes();
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }

    /** Runs in {@code loader}: creates the telemetry, starts and ends spans, asks for headers. */
    public static final class Exercise implements Supplier<String> {
        private final boolean enabled;

        public Exercise(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public String get() {
            Telemetry telemetry = Telemetry.create(enabled);
            Trace root = telemetry.current();
            Trace span = root.child(Spans.CONNECT, Trace.SpanKind.INTERNAL).set(Spans.SERVER_ID, "s").set(Spans.ATTEMPT, 1);
            span.endWhen(CompletableFuture.failedFuture(new IllegalStateException("boom")));
            Executor executor = telemetry.propagating(Runnable::run);
            executor.execute(() -> { });
            return telemetry.enabled() + " " + (span == Trace.NONE) + " " + span.headers();
        }
    }

    private static String exercise(ClassLoader loader, boolean enabled) throws Exception {
        Class<?> type = Class.forName(Exercise.class.getName(), true, loader);
        assertSame(loader, type.getClassLoader(), "the exercise runs with the isolated classes");
        @SuppressWarnings("unchecked")
        Supplier<String> run = (Supplier<String>) type.getConstructor(boolean.class).newInstance(enabled);
        return run.get();
    }

    @Test
    void withoutTheApiTracingIsOffAndEverySpanANoOp() throws Exception {
        IsolatingLoader loader = new IsolatingLoader(true);
        assertFalse(Telemetry.apiPresent(loader));

        assertEquals("false true null", exercise(loader, true));
        // the look-up by name is the only time the API is asked for
        assertEquals(List.of(Telemetry.API), loader.openTelemetryRequests.stream().distinct().toList());
    }

    @Test
    void withTheApiPresentButTracingOffNoClassOfItIsLoaded() throws Exception {
        IsolatingLoader loader = new IsolatingLoader(false);

        assertEquals("false true null", exercise(loader, false));
        assertEquals(List.of(), loader.openTelemetryRequests);
    }

    @Test
    void withTheApiPresentAndTracingOnSpansComeFromOpenTelemetry() throws Exception {
        IsolatingLoader loader = new IsolatingLoader(false);
        GlobalOpenTelemetry.resetForTest();

        // the API without an SDK: real (no-op) spans, no context worth sending
        assertEquals("true false null", exercise(loader, true));
        assertTrue(loader.openTelemetryRequests.contains(Telemetry.API));
        // nor is the global fixed to the no-op: the application may still install its SDK
        assertFalse(GlobalOpenTelemetry.isSet());
        assertNull(Telemetry.OFF.current().headers());
    }
}
