package io.github.mcpoauth.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An operating-system process started by an integration test (a standalone container, a nested
 * Maven build), with its standard output and error in one log file. {@link #close} ends it and
 * every process it started, within a bounded time; a JVM shutdown hook does the same for any
 * process a test failed to close, so none outlives the test JVM.
 */
final class ChildProcess implements AutoCloseable {

    private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Duration GRACE = Duration.ofSeconds(30);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(p -> p.kill(Duration.ofSeconds(5))),
                "child-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code builder} with its output and errors appended to {@code log} (created fresh). */
    static ChildProcess start(String name, ProcessBuilder builder, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        ChildProcess child = new ChildProcess(name, builder.start(), log);
        RUNNING.add(child);
        return child;
    }

    /** Runs {@code builder} to completion (at most {@code timeout}); its exit code. */
    static int run(String name, ProcessBuilder builder, Path log, Duration timeout) throws IOException, InterruptedException {
        try (ChildProcess child = start(name, builder, log)) {
            if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not finish within " + timeout + "; its output:\n" + child.logTail(40));
            }
            return child.process.exitValue();
        }
    }

    /** The running JDK's {@code java} launcher: the one this test runs on. */
    static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** A TCP port that was free on the loopback interface a moment ago. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or {@code "running"}. */
    String exitCode() {
        return process.isAlive() ? "running" : "exit code " + process.exitValue();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    long pid() {
        return process.pid();
    }

    /** The processes this one started that still run (a launcher script's JVM, for example). */
    java.util.stream.Stream<ProcessHandle> descendants() {
        return process.descendants();
    }

    Path log() {
        return log;
    }

    /** The whole log so far (invalid bytes replaced, terminal colour codes removed). */
    String logText() {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    String logTail(int lines) {
        List<String> all = logText().lines().toList();
        return "--- last lines of " + log.getFileName() + " (" + name + ") ---\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * Ends the process tree: first the descendants, then the process, each asked politely
     * (SIGTERM) and killed if still alive after a grace period. Returns within about a minute.
     */
    @Override
    public void close() {
        kill(GRACE);
    }

    private void kill(Duration grace) {
        try {
            List<ProcessHandle> descendants = new ArrayList<>(process.descendants().toList());
            descendants.forEach(ProcessHandle::destroy);
            awaitExit(descendants, grace);
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            // anything the process started while it was shutting down
            descendants.addAll(process.descendants().toList());
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            if (!process.isAlive()) {
                RUNNING.remove(this);
            }
        }
    }

    private static void awaitExit(List<ProcessHandle> handles, Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : handles) {
            long left = deadline - System.nanoTime();
            if (left > 0 && handle.isAlive()) {
                try {
                    handle.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // killed below
                }
            }
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
