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
 * A standalone Tomcat 11 in its own {@code CATALINA_BASE} under the test's work directory: the
 * HTTP connector on a loopback port, no shutdown port, the sample WAR in {@code webapps/}, and,
 * when asked, the manager application with a {@code manager-script} user for its text interface.
 */
final class StandaloneTomcat {

    private static final String USER = "redeploy-test";
    private static final String PASSWORD = "redeploy-test-password";

    private final Path home;
    private final Path base;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    StandaloneTomcat(Path home, Path base, int port) {
        this.home = home;
        this.base = base;
        this.port = port;
    }

    /** Lays out {@code CATALINA_BASE}: conf, empty logs/temp/work, and webapps with the WAR as {@code warName}. */
    StandaloneTomcat prepare(Path war, String warName, boolean withManager) throws IOException {
        TestFiles.copyTree(home.resolve("conf"), base.resolve("conf"));
        for (String dir : List.of("logs", "temp", "webapps", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        Path serverXml = base.resolve("conf/server.xml");
        String xml = Files.readString(serverXml, StandardCharsets.UTF_8);
        String rewritten = xml.replace("<Server port=\"8005\"", "<Server port=\"-1\"")
                .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + port + "\"");
        if (rewritten.contains("port=\"8005\"") || !rewritten.contains("port=\"" + port + "\"")) {
            throw new IllegalStateException("unexpected conf/server.xml; cannot set the ports: " + serverXml);
        }
        Files.writeString(serverXml, rewritten, StandardCharsets.UTF_8);
        Files.copy(war, base.resolve("webapps").resolve(warName));
        if (withManager) {
            TestFiles.copyTree(home.resolve("webapps/manager"), base.resolve("webapps/manager"));
            Path users = base.resolve("conf/tomcat-users.xml");
            String withUser = Files.readString(users, StandardCharsets.UTF_8).replace("</tomcat-users>",
                    "  <role rolename=\"manager-script\"/>\n  <user username=\"" + USER + "\" password=\"" + PASSWORD
                            + "\" roles=\"manager-script\"/>\n</tomcat-users>");
            Files.writeString(users, withUser, StandardCharsets.UTF_8);
        }
        return this;
    }

    /** {@code bin/catalina.sh run} on {@code javaHome}, with {@code catalinaOpts}. */
    ProcessBuilder command(Path work, String javaHome, String catalinaOpts) {
        ProcessBuilder tomcat = new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run")
                .directory(work.toFile());
        Map<String, String> env = tomcat.environment();
        env.keySet().removeIf(key -> key.startsWith("CATALINA_") || key.equals("JRE_HOME") || key.equals("JAVA_OPTS"));
        env.put("JAVA_HOME", javaHome);
        env.put("CATALINA_HOME", home.toString());
        env.put("CATALINA_BASE", base.toString());
        env.put("CATALINA_OPTS", catalinaOpts);
        return tomcat;
    }

    String origin() {
        return "http://localhost:" + port;
    }

    /** A manager text command, e.g. {@code reload?path=/sample-war}; its answer's body. */
    String manager(String command) throws IOException, InterruptedException {
        String credentials = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin() + "/manager/text/" + command))
                .header("Authorization", "Basic " + credentials).timeout(Duration.ofMinutes(2)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("manager " + command + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
