package io.github.mcpoauth.sample.demo;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps hold of the Reactor schedulers an SDK object makes for itself while it is built, so the
 * sample can dispose of them when it stops. The SDK's streamable HTTP server transport starts its
 * session sweeper on a scheduler of its own ({@code Schedulers.newSingle}) and, when closed, only
 * cancels the sweep: the scheduler's thread would outlive the application and pin its class loader.
 */
final class SchedulerCapture implements AutoCloseable {

    private static final String KEY = SchedulerCapture.class.getName();

    private final List<Scheduler> captured = new CopyOnWriteArrayList<>();
    private final List<ScheduledExecutorService> executors = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /** Builds with {@code builder}, remembering the schedulers whose name contains {@code nameFragment}. */
    <T> T build(String nameFragment, Supplier<T> builder) {
        Schedulers.addExecutorServiceDecorator(KEY, (scheduler, executor) -> {
            if (!scheduler.toString().contains(nameFragment)) {
                return executor;
            }
            // an executor of our own, whose threads we know and can wait for
            executor.shutdownNow();
            ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "demo-" + nameFragment);
                thread.setDaemon(true);
                threads.add(thread);
                return thread;
            });
            own.setRemoveOnCancelPolicy(true);
            captured.add(scheduler);
            executors.add(own);
            return own;
        });
        try {
            return builder.get();
        } finally {
            Schedulers.removeExecutorServiceDecorator(KEY);
        }
    }

    /** Disposes of the captured schedulers, waiting (boundedly) for their threads to end. */
    @Override
    public void close() {
        captured.forEach(Scheduler::dispose);
        try {
            for (ScheduledExecutorService executor : executors) {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            }
            for (Thread thread : threads) {
                thread.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        captured.clear();
        executors.clear();
        threads.clear();
    }
}
