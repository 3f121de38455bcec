package io.github.mcpoauth.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Node child process spoken to by lines: commands on its stdin, answers read from its stdout with
 * a deadline. Closing its stdin asks it to end (both scripts exit then); {@link #close()} waits a
 * little and then kills it, and a shutdown hook kills it if the harness itself is interrupted.
 */
final class NodeProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread shutdownHook;

    NodeProcess(String name, List<String> command, Path nodePath, Path stderrLog) throws IOException {
        this.name = name;
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderrLog.toFile());
        builder.environment().put("NODE_PATH", nodePath.toString());
        this.process = builder.start();
        this.shutdownHook = new Thread(process::destroyForcibly, "bench-kill-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::pump, "bench-read-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void pump() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("{\"error\":\"stdout closed: " + e.getMessage() + "\"}");
        }
    }

    void send(String command) throws IOException {
        stdin.write(command + "\n");
        stdin.flush();
    }

    /** The next stdout line; fails after {@code timeout} or when the process has ended. */
    String readLine(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                return line;
            }
            if (!process.isAlive() && lines.isEmpty()) {
                throw new IllegalStateException(name + " ended with exit code " + process.exitValue());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not answer within " + timeout);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook kills it
        }
    }
}
