package io.github.mcpoauth.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A standalone servlet container from Maven Central, run as its own OS process the way its
 * documentation says, with WAR files copied unchanged into its deployment directory. One base
 * directory per instance under {@code target/standalone/}, kept across {@link #stop()} and
 * {@link #start()} so that a restart finds what the last run stored.
 */
abstract class StandaloneServer implements AutoCloseable {

    static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(3);

    private final String name;
    /** The unpacked distribution (read only), named by a system property the failsafe configuration sets. */
    final Path home;
    final Path work;
    /** The instance's own base directory under {@link #work}. */
    final Path base;
    final int port = ChildProcess.freePort();
    final Map<String, String> systemProperties = new LinkedHashMap<>();
    private ChildProcess process;
    private int starts;
    private boolean prepared;

    StandaloneServer(String name, String homeProperty, String baseName) throws IOException {
        this.name = name;
        this.home = TestFiles.existingDir(homeProperty);
        this.work = TestFiles.freshDir(TestFiles.targetDir().resolve("standalone").resolve(name));
        this.base = work.resolve(baseName);
    }

    /** A {@code -Dkey=value} for the container's JVM, before {@link #start()}. */
    StandaloneServer systemProperty(String key, String value) {
        systemProperties.put(key, value);
        return this;
    }

    /** Keeps HTTP sessions across a restart, as the README tells operators who use session owners. */
    abstract StandaloneServer persistSessions() throws IOException;

    /**
     * Puts {@code war}, byte for byte, into the deployment directory as {@code <context>.war}: copied
     * beside it first and then moved in one step, so a running container's scanner never sees half a file.
     */
    void deploy(Path war, String context) throws IOException {
        ensurePrepared();
        Path copy = Files.copy(war, work.resolve(context + ".war.part"), StandardCopyOption.REPLACE_EXISTING);
        if (Files.mismatch(war, copy) != -1L) {
            throw new IllegalStateException("the copy differs from " + war);
        }
        Files.move(copy, deploymentDirectory().resolve(context + ".war"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Starts the container process with what was deployed; again after {@link #stop()}, on the same base. */
    final void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(this + " is running");
        }
        ensurePrepared();
        starts++;
        process = ChildProcess.start(name, command(), work.resolve(name + "-" + starts + ".log"));
    }

    /** Lays out the base directory, once. */
    final void ensurePrepared() throws IOException {
        if (!prepared) {
            prepare();
            prepared = true;
        }
    }

    /** Stops the process gracefully (its shutdown hooks run: sessions are saved, apps undeployed). */
    final void stop() {
        if (process != null) {
            process.close();
        }
    }

    @Override
    public final void close() {
        stop();
    }

    /** {@code http://localhost:<port>}: the host name a user types. */
    final String origin() {
        return "http://localhost:" + port;
    }

    final ChildProcess process() {
        if (process == null) {
            throw new IllegalStateException(this + " was never started");
        }
        return process;
    }

    /** Every log line the container wrote in all its runs. */
    String logText() {
        return process().logText();
    }

    final String name() {
        return name;
    }

    /** {@code -Dk=v} arguments for the JVM. */
    final String jvmOptions() {
        return systemProperties.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    abstract Path deploymentDirectory() throws IOException;

    /**
     * Redeploys {@code context} the container's own way and returns once the new deployment has
     * started (the old one stopped).
     */
    abstract void redeploy(String context) throws Exception;

    /**
     * Live class loaders of deployments of {@code context} in the container's JVM, after a full GC
     * (where the container's loaders carry no name, of all its web applications).
     */
    abstract int liveDeploymentLoaders(JvmProbe jvm, String context);

    /** The container's own words about an app that left something behind at undeploy, beyond its log; empty if none. */
    String leakReport(String context) throws Exception {
        return "";
    }

    /** The container's JVM (the process itself, or the one its start script runs), for jcmd. */
    final JvmProbe jvm() {
        ProcessHandle jvm = Stream.concat(Stream.of(process().handle()), process().descendants())
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no java process under " + this));
        return new JvmProbe(jvm.pid(), Path.of(System.getProperty("java.home")));
    }

    /** The process's working directory: where a relative path such as the default data directory lands. */
    abstract Path workingDirectory();

    /** Lays out the base directory once, before the first start. */
    abstract void prepare() throws IOException;

    /** How the container is started: working directory and environment set. */
    abstract ProcessBuilder command() throws IOException;

    @Override
    public String toString() {
        return name + " on port " + port;
    }
}
