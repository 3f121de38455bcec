package io.github.mcpoauth.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Eclipse Jetty 12 from Maven Central ({@code org.eclipse.jetty:jetty-home}, unpacked by Maven), run
 * as its documentation says: a Jetty base directory with the modules added once by
 * {@code start.jar --add-modules}, WAR files in {@code webapps/}, {@code java -jar start.jar}.
 */
final class JettyServer extends StandaloneServer {

    private static final String MODULES = "http,ee10-deploy,ee10-annotations,ee10-websocket-jakarta";
    /** Jetty 12.1's web-app loader, and 12.0's. */
    private static final List<String> LOADERS = List.of("org.eclipse.jetty.ee.webapp.WebAppClassLoader",
            "org.eclipse.jetty.ee10.webapp.WebAppClassLoader");
    private static final Pattern STOPPED = Pattern.compile("Stopped oeje10w.WebAppContext@");
    private static final Pattern STARTED = Pattern.compile("Started oeje10w.WebAppContext@");


    JettyServer(String name) throws IOException {
        super(name, "sample.jetty.home", "base");
    }

    @Override
    Path workingDirectory() {
        return base;
    }

    @Override
    Path deploymentDirectory() {
        return base.resolve("webapps");
    }

    @Override
    void prepare() throws IOException {
        Files.createDirectories(base);
        Files.createDirectories(work.resolve("tmp"));
        addModules(MODULES);
    }

    /** Adds Jetty's {@code session-store-file} module: sessions in {@code <base>/sessions}. */
    @Override
    JettyServer persistSessions() throws IOException {
        ensurePrepared();
        addModules("session-store-file");
        return this;
    }

    /**
     * Puts a fresh copy of the WAR in place, as an operator replacing it would; the deployer's scanner
     * (every second) starts the new context and stops the old one. Returns when both happened.
     */
    @Override
    void redeploy(String context) throws Exception {
        long started = count(STARTED);
        long stopped = count(STOPPED);
        Path war = deploymentDirectory().resolve(context + ".war");
        Path fresh = Files.copy(war, work.resolve(context + ".fresh.war"), StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(fresh, FileTime.fromMillis(System.currentTimeMillis()));
        Files.move(fresh, war, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        ContainerFlows.await(process(), "the redeploy of /" + context, DEPLOY_TIMEOUT,
                () -> count(STARTED) > started && count(STOPPED) > stopped ? Boolean.TRUE : null);
    }

    private long count(Pattern line) {
        return line.matcher(logText()).results().count();
    }

    @Override
    int liveDeploymentLoaders(JvmProbe jvm, String context) {
        return LOADERS.stream().mapToInt(jvm::liveInstances).sum();
    }

    private void addModules(String modules) throws IOException {
        Path log = work.resolve("jetty-add-modules.log");
        try {
            int exit = ChildProcess.run("jetty --add-modules", new ProcessBuilder(ChildProcess.javaCommand(), "-jar",
                    home.resolve("start.jar").toString(), "--add-modules=" + modules).directory(base.toFile()),
                    log, Duration.ofMinutes(2));
            if (exit != 0) {
                throw new IllegalStateException("jetty --add-modules=" + modules + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    ProcessBuilder command() {
        List<String> command = new ArrayList<>(List.of(ChildProcess.javaCommand(), "-Djava.io.tmpdir=" + work.resolve("tmp")));
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", home.resolve("start.jar").toString(), "jetty.http.port=" + port,
                "jetty.http.host=127.0.0.1", "jetty.deploy.scanInterval=1"));
        ProcessBuilder jetty = new ProcessBuilder(command).directory(base.toFile());
        return jetty;
    }
}
