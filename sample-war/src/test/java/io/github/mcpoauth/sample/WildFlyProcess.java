package io.github.mcpoauth.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A standalone WildFly (unpacked {@code wildfly-dist}) as its own OS process, started with
 * {@code bin/standalone.sh} and its default {@code standalone.xml}, on loopback only. Each server
 * gets a fresh copy of the distribution's {@code standalone/} directory as its base directory, so
 * the unpacked home stays untouched and servers do not share state. Applications are deployed the
 * way an administrator drops them in: through the deployment scanner's directory and its marker
 * files ({@code .deployed}, {@code .failed}, {@code .undeployed}).
 *
 * <p>{@link #close} stops the server (SIGTERM to the launcher and its JVM, killed after a grace period).
 */
final class WildFlyProcess implements RunningContainer, AutoCloseable {

    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(3);
    /** The deployment scanner looks every 5 s; a large WAR then takes a while to start. */
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern STARTED = Pattern.compile("WFLYSRV0025|WFLYSRV0026");

    private final ChildProcess process;
    private final Path base;
    private final int httpPort;

    private WildFlyProcess(ChildProcess process, Path base, int httpPort) {
        this.process = process;
        this.base = base;
        this.httpPort = httpPort;
    }

    /**
     * Starts WildFly from {@code home} with {@code work/standalone} as its base directory and
     * waits until it reports itself started.
     *
     * @param jdk the JDK to run it on ({@code JAVA_HOME})
     * @param httpPort the HTTP port; management and HTTPS ports are chosen free
     * @param properties system properties for the server JVM (the applications' configuration)
     * @param env extra environment variables
     */
    static WildFlyProcess start(Path home, Path work, Path jdk, int httpPort, Map<String, String> properties,
                               Map<String, String> env) throws IOException {
        Path base = work.resolve("standalone");
        TestFiles.copyTree(home.resolve("standalone"), base);
        List<String> command = new ArrayList<>(List.of("sh", home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-Djboss.http.port=" + httpPort, "-Djboss.https.port=" + ChildProcess.freePort(),
                "-Djboss.management.http.port=" + ChildProcess.freePort(),
                "-Djboss.management.https.port=" + ChildProcess.freePort()));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("JBOSS_") || key.equals("JAVA_OPTS") || key.equals("JAVA"));
        environment.put("JAVA_HOME", jdk.toString());
        // the launcher forwards SIGTERM to the JVM instead of leaving it behind
        environment.put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        environment.putAll(env);
        WildFlyProcess server = new WildFlyProcess(ChildProcess.start("wildfly", builder, work.resolve("console.log")),
                base, httpPort);
        try {
            server.awaitLog(STARTED, BOOT_TIMEOUT, "WildFly to start");
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    int httpPort() {
        return httpPort;
    }

    /** {@code http://localhost:<port>/<context>}. */
    String url(String context) {
        return "http://localhost:" + httpPort + "/" + context;
    }

    /**
     * Deploys {@code war}, unchanged, as {@code <context>.war} (context path {@code /<context>}) and
     * waits for the scanner's verdict.
     *
     * @return true when deployed, false when WildFly marked it failed ({@link #failure} says why)
     */
    boolean deploy(Path war, String context) throws IOException {
        Path deployments = base.resolve("deployments");
        for (String marker : List.of(".deployed", ".failed", ".undeployed")) {
            Files.deleteIfExists(deployments.resolve(context + ".war" + marker));
        }
        // written beside, then moved in whole: the scanner never sees a partly copied archive
        Path staged = Files.copy(war, base.resolve(context + ".war.staged"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, deployments.resolve(context + ".war"), StandardCopyOption.ATOMIC_MOVE);
        Path done = awaitMarker(context, List.of(".deployed", ".failed"), "deployment of " + context);
        return done.toString().endsWith(".deployed");
    }

    /** Why WildFly marked {@code context} failed, if it did. */
    Optional<String> failure(String context) throws IOException {
        Path failed = base.resolve("deployments").resolve(context + ".war.failed");
        return Files.exists(failed) ? Optional.of(Files.readString(failed, StandardCharsets.UTF_8)) : Optional.empty();
    }

    /** Removes {@code <context>.war} and waits until WildFly has undeployed it. */
    void undeploy(String context) throws IOException {
        Files.delete(base.resolve("deployments").resolve(context + ".war"));
        awaitMarker(context, List.of(".undeployed"), "undeployment of " + context);
    }

    /** The server JVM's process id (the launcher script's child). */
    long jvmPid() {
        return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no WildFly JVM under " + process)).pid();
    }

    /** {@code standalone/log/server.log}. */
    Path serverLog() {
        return base.resolve("log/server.log");
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code server.log} so far; before WildFly has opened it, what the launcher printed. */
    @Override
    public String logText() {
        if (!Files.exists(serverLog())) {
            return process.logText();
        }
        try {
            return new String(Files.readAllBytes(serverLog()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String logTail(int lines) {
        List<String> all = logText().lines().toList();
        return "--- last lines of " + serverLog() + " ---\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Stops WildFly and waits for its JVM to end. */
    @Override
    public void close() {
        process.close();
    }

    private Path awaitMarker(String context, List<String> markers, String what) {
        Path deployments = base.resolve("deployments");
        return await(what, DEPLOY_TIMEOUT, () -> markers.stream().map(m -> deployments.resolve(context + ".war" + m))
                .filter(Files::exists).findFirst().orElse(null));
    }

    private void awaitLog(Pattern pattern, Duration timeout, String what) {
        await(what, timeout, () -> pattern.matcher(logText()).find() ? Boolean.TRUE : null);
    }

    private <T> T await(String what, Duration timeout, java.util.function.Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (!process.isAlive()) {
                throw new AssertionError(this + " exited while waiting for " + what + "\n" + logTail(60));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "\n" + logTail(60));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    @Override
    public String toString() {
        return "WildFly " + process;
    }
}
