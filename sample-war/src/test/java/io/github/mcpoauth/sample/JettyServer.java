package io.github.mcpoauth.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Eclipse Jetty 12 from Maven Central ({@code org.eclipse.jetty:jetty-home}, unpacked by Maven), run
 * as its documentation says: a Jetty base directory with the modules added once by
 * {@code start.jar --add-modules}, WAR files in {@code webapps/}, {@code java -jar start.jar}.
 */
final class JettyServer extends StandaloneServer {

    private static final String MODULES = "http,ee10-deploy,ee10-annotations,ee10-websocket-jakarta";

    private final Path home;
    private final Path base;

    JettyServer(String name) throws IOException {
        super(name);
        this.home = TestFiles.existingDir("sample.jetty.home");
        this.base = work.resolve("base");
    }

    @Override
    Path workingDirectory() {
        return base;
    }

    @Override
    Path deploymentDirectory() {
        return base.resolve("webapps");
    }

    Path base() {
        return base;
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
                "jetty.http.host=127.0.0.1"));
        ProcessBuilder jetty = new ProcessBuilder(command).directory(base.toFile());
        jetty.environment().putAll(environment);
        return jetty;
    }
}
