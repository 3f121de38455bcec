package io.github.mcpoauth.internal;

import java.time.Duration;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Schedulers;

/**
 * Ends Reactor's global schedulers when they belong to the application being stopped. The MCP SDK
 * runs on them ({@code parallel} for its request timeouts, {@code boundedElastic} for blocking
 * work), and their threads never end by themselves: with reactor-core in the application's own
 * {@code WEB-INF/lib} they keep its class loader alive after every undeploy. They are shut down
 * only when reactor-core was loaded by the application's loader (or one below it); a reactor-core
 * the container shares belongs to the container and to the other applications that use it.
 */
public final class ReactorSchedulers {

    private static final Logger log = LoggerFactory.getLogger(ReactorSchedulers.class);
    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final Pattern REACTOR_THREAD = Pattern.compile("(parallel|boundedElastic|single)-");

    private ReactorSchedulers() {
    }

    /**
     * Calls {@link Schedulers#shutdownNow()} if reactor-core was loaded by {@code applicationLoader}
     * or a loader below it; call last, after every session is closed. True when it did.
     */
    public static boolean shutdownIfLoadedBy(ClassLoader applicationLoader) {
        if (applicationLoader == null || !loadedBelow(Schedulers.class.getClassLoader(), applicationLoader)) {
            return false;
        }
        Schedulers.shutdownNow();
        // the container looks for live threads right after undeploy: wait (boundedly) for them to end
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (reactorThreadsAlive(applicationLoader) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.debug("Shut down Reactor's schedulers of this application");
        return true;
    }

    private static boolean reactorThreadsAlive(ClassLoader applicationLoader) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive()
                && REACTOR_THREAD.matcher(t.getName()).lookingAt()
                && loadedBelow(t.getContextClassLoader(), applicationLoader));
    }

    static boolean loadedBelow(ClassLoader loader, ClassLoader ancestor) {
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l == ancestor) {
                return true;
            }
        }
        return false;
    }
}
