package io.github.mcpoauth.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Apache Tomcat 11 from Maven Central ({@code org.apache.tomcat:tomcat}, unpacked by Maven), run as
 * its documentation says: {@code CATALINA_BASE} of its own with the stock {@code conf/}, started by
 * {@code bin/catalina.sh run}, WAR files in {@code webapps/}. The HTTP connector listens on
 * loopback; the shutdown port is off (the process is stopped by a signal, which runs Tomcat's
 * shutdown hook).
 */
final class TomcatServer extends StandaloneServer {

    private final Path home;
    private final Path base;

    TomcatServer(String name) throws IOException {
        super(name);
        this.home = TestFiles.existingDir("sample.tomcat.home");
        this.base = work.resolve("base");
    }

    @Override
    Path workingDirectory() {
        return work;
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
        TestFiles.copyTree(home.resolve("conf"), base.resolve("conf"));
        for (String dir : List.of("logs", "temp", "webapps", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        Path serverXml = base.resolve("conf/server.xml");
        String xml = Files.readString(serverXml, StandardCharsets.UTF_8);
        String rewritten = xml.replace("<Server port=\"8005\"", "<Server port=\"-1\"")
                .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + port + "\"");
        if (rewritten.equals(xml) || rewritten.contains("port=\"8005\"") || !rewritten.contains("port=\"" + port + "\"")) {
            throw new IllegalStateException("unexpected conf/server.xml; cannot set the ports: " + serverXml);
        }
        Files.writeString(serverXml, rewritten, StandardCharsets.UTF_8);
    }

    /** Uncomments {@code <Manager pathname="SESSIONS.ser" />} in {@code conf/context.xml}: Tomcat 11 ships it commented out. */
    @Override
    TomcatServer persistSessions() throws IOException {
        ensurePrepared();
        Path contextXml = base.resolve("conf/context.xml");
        String xml = Files.readString(contextXml, StandardCharsets.UTF_8);
        String manager = "<Manager pathname=\"SESSIONS.ser\" />";
        int at = xml.indexOf(manager);
        int open = xml.lastIndexOf("<!--", at);
        int close = xml.indexOf("-->", at);
        if (at < 0 || open < 0 || close < 0) {
            throw new IllegalStateException("unexpected conf/context.xml; cannot enable session persistence: " + contextXml);
        }
        Files.writeString(contextXml, xml.substring(0, open) + manager + xml.substring(close + 3), StandardCharsets.UTF_8);
        return this;
    }

    @Override
    ProcessBuilder command() {
        ProcessBuilder tomcat = new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run")
                .directory(work.toFile());
        Map<String, String> env = tomcat.environment();
        env.keySet().removeIf(key -> key.startsWith("CATALINA_") || key.equals("JRE_HOME") || key.equals("JAVA_OPTS"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("CATALINA_HOME", home.toString());
        env.put("CATALINA_BASE", base.toString());
        env.put("CATALINA_OPTS", jvmOptions());
        env.putAll(environment);
        return tomcat;
    }
}
