package io.github.mcpoauth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples the JVM process's own OS thread count every 100 ms from {@code /proc/self/status} (Linux;
 * elsewhere it reports nothing). The JVM's {@code ThreadMXBean} counts Java threads only; the
 * kernel's count also has the GC, JIT and other VM threads. The peak resident set size comes from the
 * same file ({@code VmHWM}, the high-water mark since the JVM started).
 */
final class ProcessSampler implements AutoCloseable {

    private static final Path STATUS = Path.of("/proc/self/status");
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakThreads = -1;

    ProcessSampler() {
        thread = new Thread(this::sample, "bench-process-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            long threads = field("Threads:");
            if (threads > peakThreads) {
                peakThreads = threads;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The peak OS thread count seen, or -1 where there is no {@code /proc}. */
    long peakThreads() {
        return peakThreads;
    }

    /** The process's peak resident set size in MiB so far, or -1 where there is no {@code /proc}. */
    static long peakResidentMiB() {
        long kib = field("VmHWM:");
        return kib < 0 ? -1 : kib / 1024;
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(1000);
    }
}
