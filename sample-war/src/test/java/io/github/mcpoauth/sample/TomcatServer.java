package io.github.mcpoauth.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
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

    private static final String LOADER = "org.apache.catalina.loader.ParallelWebappClassLoader";
    private static final String USER = "test-manager";
    private static final String PASSWORD = "test-manager-password";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private boolean manager;

    TomcatServer(String name) throws IOException {
        super(name, "sample.tomcat.home", "base");
    }

    @Override
    Path workingDirectory() {
        return work;
    }

    @Override
    Path deploymentDirectory() {
        return base.resolve("webapps");
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

    /** Tomcat's manager application, with a {@code manager-script} user for its text interface. */
    TomcatServer withManager() throws IOException {
        ensurePrepared();
        TestFiles.copyTree(home.resolve("webapps/manager"), base.resolve("webapps/manager"));
        Path users = base.resolve("conf/tomcat-users.xml");
        String withUser = Files.readString(users, StandardCharsets.UTF_8).replace("</tomcat-users>",
                "  <role rolename=\"manager-script\"/>\n  <user username=\"" + USER + "\" password=\"" + PASSWORD
                        + "\" roles=\"manager-script\"/>\n</tomcat-users>");
        Files.writeString(users, withUser, StandardCharsets.UTF_8);
        manager = true;
        return this;
    }

    /** Reloads through the manager ({@link #withManager()}), which answers once the context is back. */
    @Override
    void redeploy(String context) throws Exception {
        String answer = manager("reload?path=/" + context);
        if (!answer.startsWith("OK")) {
            throw new AssertionError("reload of /" + context + ": " + answer);
        }
    }

    @Override
    int liveDeploymentLoaders(JvmProbe jvm, String context) {
        return jvm.liveInstances(LOADER);
    }

    /** The manager's find-leaks: {@code OK} and no mention of the context when nothing leaked. */
    @Override
    String leakReport(String context) throws Exception {
        String leaks = manager("findleaks?statusLine=true");
        return leaks.startsWith("OK") && !leaks.contains("/" + context) ? "" : leaks;
    }

    /** A manager text command, e.g. {@code reload?path=/sample-war}; its answer's body. */
    String manager(String command) throws IOException, InterruptedException {
        if (!manager) {
            throw new IllegalStateException("start " + this + " withManager() first");
        }
        String credentials = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin() + "/manager/text/" + command))
                .header("Authorization", "Basic " + credentials).timeout(Duration.ofMinutes(2)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("manager " + command + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
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
        return tomcat;
    }
}
