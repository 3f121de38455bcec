package io.github.mcpoauth.jpa;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;

/**
 * The deployment a hot redeploy replaces: the whole module (H2 included) in a class loader of its
 * own, as another web application's WEB-INF/lib would be, so its embedded database holds H2's file
 * lock against this test's store. Loaded by {@link #start}; {@link #open} runs inside that loader.
 */
public final class OtherDeployment {

    private OtherDeployment() {
    }

    /** Starts the other deployment: its own store on {@code dataDir}, where it saves alice's server s1. */
    static AutoCloseable start(Path dataDir) throws Exception {
        URL[] classPath = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> {
                    try {
                        return Paths.get(entry).toUri().toURL();
                    } catch (java.net.MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                }).toArray(URL[]::new);
        URLClassLoader loader = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader());
        AutoCloseable store = inside(loader, () -> (AutoCloseable) Class.forName(OtherDeployment.class.getName(), true, loader)
                .getMethod("open", String.class).invoke(null, dataDir.toString()));
        return () -> {
            try {
                inside(loader, () -> {
                    store.close();
                    return null;
                });
            } finally {
                loader.close();
            }
        };
    }

    /** As a container runs an application's code: with its loader as the context class loader. */
    private static <T> T inside(ClassLoader loader, java.util.concurrent.Callable<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Runs in the other loader: its classes, its H2. */
    public static AutoCloseable open(String dataDir) {
        JpaMcpStore store = JpaMcpStore.open(McpOAuthConfig.fromMap(Map.of(ConfigKey.DATA_DIR.key(), dataDir)));
        store.servers().save(Samples.server("alice", "s1"));
        return store;
    }
}
