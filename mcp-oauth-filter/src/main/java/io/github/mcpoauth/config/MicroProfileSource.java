package io.github.mcpoauth.config;

import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code mcp.oauth.*} keys from MicroProfile Config, where the application has it (an application
 * server, or SmallRye Config on the classpath). The API is an optional dependency: only this class
 * names it, and {@link McpOAuthConfig} touches this class only after {@link #available} has found the
 * API, so an application without it never links a missing class.
 */
final class MicroProfileSource {

    private static final String API = "org.eclipse.microprofile.config.ConfigProvider";

    private MicroProfileSource() {
    }

    /** Whether {@code loader} (the one that links this class) sees the MicroProfile Config API. */
    static boolean available(ClassLoader loader) {
        try {
            Class.forName(API, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The application's MicroProfile Config as a source (the config of the thread's context class
     * loader, as MicroProfile Config resolves it), or empty when the API or an implementation of it
     * is missing.
     */
    static Optional<Function<String, String>> find() {
        if (!available(MicroProfileSource.class.getClassLoader())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Reader.source());
        } catch (IllegalStateException | ServiceConfigurationError | LinkageError noImplementation) {
            return Optional.empty();
        }
    }

    /** Holds the only references to the API, so {@link #find} can run without it. */
    private static final class Reader {

        static Function<String, String> source() {
            var config = ConfigProvider.getConfig();
            return key -> config.getOptionalValue(key, String.class).orElse(null);
        }
    }
}
