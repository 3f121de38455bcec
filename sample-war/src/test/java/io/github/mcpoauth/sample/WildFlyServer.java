package io.github.mcpoauth.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * WildFly 39 from Maven Central ({@code org.wildfly:wildfly-dist}, unpacked by Maven) in its default
 * standalone configuration, run as its documentation says: a server base directory of its own
 * (a copy of {@code standalone/}), {@code bin/standalone.sh}, WAR files in {@code deployments/}
 * picked up by the deployment scanner. Every socket listens on loopback, on free ports.
 */
final class WildFlyServer extends StandaloneServer {


    WildFlyServer(String name) throws IOException {
        super(name, "sample.wildfly.home", "standalone");
    }

    @Override
    Path workingDirectory() {
        return work;
    }

    @Override
    Path deploymentDirectory() {
        return base.resolve("deployments");
    }

    @Override
    void prepare() throws IOException {
        TestFiles.copyTree(home.resolve("standalone/configuration"), base.resolve("configuration"));
        Files.createDirectories(base.resolve("deployments"));
        // the transaction manager's two ports have no property of their own
        rewrite("port=\"4712\"", "port=\"" + ChildProcess.freePort() + "\"");
        rewrite("port=\"4713\"", "port=\"" + ChildProcess.freePort() + "\"");
    }

    /** Undertow's {@code <persistent-sessions>} in the default servlet container: sessions under the server's data directory. */
    @Override
    WildFlyServer persistSessions() throws IOException {
        ensurePrepared();
        rewrite("<jsp-config/>", "<jsp-config/>\n                <persistent-sessions path=\"sessions\" relative-to=\"jboss.server.data.dir\"/>");
        return this;
    }

    /**
     * Lets the I/O subsystem's idle request threads end after a second, core threads included. An
     * idle WildFly worker keeps the last request it ran on its stack until it runs another, and that
     * request reaches its deployment's class loader: with this, what keeps an old loader alive after
     * a redeploy is what the application left, not which worker happened to serve its last request.
     */
    WildFlyServer idleWorkersEnd() throws IOException {
        ensurePrepared();
        rewrite("<worker name=\"default\"/>", "<worker name=\"default\" task-core-threads=\"0\" task-keepalive=\"1000\"/>");
        return this;
    }

    /**
     * Asks the deployment scanner to redeploy with the documented marker file {@code <war>.dodeploy};
     * returns when the server logged the replacement (WFLYSRV0016), fails on a {@code .failed} marker.
     */
    @Override
    void redeploy(String context) throws Exception {
        Path deployments = deploymentDirectory();
        Path failed = deployments.resolve(context + ".war.failed");
        String replaced = "Replaced deployment \"" + context + ".war\"";
        long before = logText().lines().filter(line -> line.contains(replaced)).count();
        Files.deleteIfExists(failed);
        Files.writeString(deployments.resolve(context + ".war.dodeploy"), context + ".war");
        ContainerFlows.await(process(), "the redeploy of /" + context, DEPLOY_TIMEOUT, () -> {
            if (Files.exists(failed)) {
                throw new AssertionError("WildFly failed to redeploy /" + context + ": " + read(failed));
            }
            return logText().lines().filter(line -> line.contains(replaced)).count() > before ? Boolean.TRUE : null;
        });
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** WildFly names each deployment's module loader {@code deployment.<war name>}. */
    @Override
    int liveDeploymentLoaders(JvmProbe jvm, String context) {
        return jvm.namedLoaders("deployment." + context + ".war");
    }

    private void rewrite(String from, String to) throws IOException {
        Path xml = base.resolve("configuration/standalone.xml");
        String text = Files.readString(xml, StandardCharsets.UTF_8);
        if (!text.contains(from)) {
            throw new IllegalStateException("unexpected standalone.xml, no " + from + ": " + xml);
        }
        Files.writeString(xml, text.replace(from, to), StandardCharsets.UTF_8);
    }

    @Override
    ProcessBuilder command() {
        List<String> command = new ArrayList<>(List.of("sh", home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-Djboss.bind.address=127.0.0.1",
                "-Djboss.bind.address.management=127.0.0.1", "-Djboss.http.port=" + port,
                "-Djboss.https.port=" + ChildProcess.freePort(), "-Djboss.ajp.port=" + ChildProcess.freePort(),
                "-Djboss.management.http.port=" + ChildProcess.freePort(),
                "-Djboss.management.https.port=" + ChildProcess.freePort()));
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        ProcessBuilder wildfly = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> env = wildfly.environment();
        env.keySet().removeIf(key -> key.startsWith("JBOSS_") || key.equals("JAVA_OPTS"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return wildfly;
    }
}
