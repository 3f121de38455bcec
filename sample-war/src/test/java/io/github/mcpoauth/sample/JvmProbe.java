package io.github.mcpoauth.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks inside a running container JVM with {@code jcmd}: live instances of a class after a full
 * GC ({@code GC.class_histogram} collects first), and the names of its live threads.
 */
final class JvmProbe {

    private static final Pattern THREAD_NAME = Pattern.compile("(?m)^\"([^\"]+)\"");

    private final long pid;
    private final Path javaHome;

    /** @param javaHome the JDK the JVM runs on, whose {@code jcmd} can attach to it */
    JvmProbe(long pid, Path javaHome) {
        this.pid = pid;
        this.javaHome = javaHome;
    }

    /** Live instances of {@code className} after a full GC. */
    int liveInstances(String className) {
        Pattern row = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+" + Pattern.quote(className) + "(\\s|$)");
        Matcher m = row.matcher(jcmd("GC.class_histogram"));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Live class loaders named {@code name} ({@code jcmd VM.classloaders}) after a full GC ({@code GC.run}). */
    int namedLoaders(String name) {
        jcmd("GC.run");
        return (int) jcmd("VM.classloaders").lines().filter(line -> line.contains("\"" + name + "\"")).count();
    }

    /** The names of the live threads. */
    List<String> threadNames() {
        return THREAD_NAME.matcher(jcmd("Thread.print")).results().map(r -> r.group(1)).sorted().toList();
    }

    private String jcmd(String command) {
        Path jcmd = javaHome.resolve("bin/jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("jcmd " + command + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
