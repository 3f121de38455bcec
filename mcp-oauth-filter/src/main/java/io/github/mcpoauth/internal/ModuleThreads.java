package io.github.mcpoauth.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Makes the threads the module owns, and keeps the JDK's from inheriting a web application.
 *
 * <p>A thread pins its context class loader for as long as it lives, and containers report any
 * live thread whose context loader is an undeployed application's. A pool thread inherits the
 * context loader of whichever thread happened to start it, which makes that an accident. Ours get
 * the loader that loaded this module, explicitly: in {@code WEB-INF/lib} that is the application's
 * own loader, which our threads cannot outlive because the service ends them at close (before the
 * container checks); in a shared library it is the shared loader, which never pins any one
 * application. Service lookups on our threads still see the module's dependencies. Threads are
 * daemons and inherit no inheritable thread-locals, which could hold an application's objects.
 */
public final class ModuleThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    /** @param prefix thread names are the prefix and a number, e.g. {@code mcp-oauth-http-1} */
    public ModuleThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(null, task, prefix + count.incrementAndGet(), 0, false);
        thread.setDaemon(true);
        thread.setContextClassLoader(ModuleThreads.class.getClassLoader());
        threads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
        threads.add(thread);
        return thread;
    }

    /**
     * A pool of at most {@code size} of this factory's threads; work beyond them waits in a queue
     * (no thread per task), and threads idle for 30 s end.
     */
    public ThreadPoolExecutor pool(int size) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), this);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** True when the current thread is one of this factory's. */
    public boolean ownsCurrentThread() {
        return threads.contains(Thread.currentThread());
    }

    /**
     * Runs {@code action} with the platform class loader as context loader: threads the JDK starts
     * meanwhile (the HTTP client's selector) then pin no application, whoever built them.
     */
    public static <T> T withPlatformContextLoader(Supplier<T> action) {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            return action.get();
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    /**
     * Lets running tasks finish for at most {@code wait}, then interrupts them, and waits for this
     * factory's threads to have ended (a container looks for live threads right after undeploy,
     * and an executor reports itself terminated just before its last thread is gone).
     */
    public void shutdown(ExecutorService executor, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
                deadline = System.nanoTime() + wait.toNanos();
                executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
            }
            for (Thread thread : threads) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
