package io.github.mcpoauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The sample WAR file, byte for byte as Maven built it, deployed the way the README's standalone
 * steps say on a standalone Tomcat 11 and a standalone Jetty 12, each its own OS process, at the
 * non-root context {@code /sample-war} (the file copied as {@code webapps/sample-war.war}). Over
 * HTTP and the WebSocket, as a browser would: the dashboard and the browser client are served, the
 * demo server's whole OAuth flow completes (consent, callback, redirect to the popup landing page
 * under the context path), the tool answers, and the live-state socket pushes the change.
 *
 * <p>Working directories, container logs and data directories are under
 * {@code target/standalone/<container>/}.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "starts Tomcat through bin/catalina.sh")
class StandaloneContainersIT {

    private static final String CONTEXT = "/sample-war";
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration FLOW_TIMEOUT = Duration.ofSeconds(60);
    /** Lines no clean deploy writes: JUL's SEVERE, Jetty's and slf4j-simple's ERROR, SLF4J's own errors and warnings. */
    private static final Pattern BAD_LOG_LINE = Pattern.compile("(?m)^.*(SEVERE|\\bERROR\\b|SLF4J\\([EW]\\)).*$");

    private static final List<ChildProcess> STARTED = new CopyOnWriteArrayList<>();

    @AfterAll
    static void stopEverything() {
        STARTED.forEach(ChildProcess::close);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void tomcat11RunsTheUnmodifiedWarAtANonRootContextWithOAuthRestAndWebSocket() throws Exception {
        Path home = TestFiles.existingDir("sample.tomcat.home");
        Path work = TestFiles.freshDir(TestFiles.targetDir().resolve("standalone/tomcat"));
        Path base = Files.createDirectories(work.resolve("base"));
        Path data = Files.createDirectories(work.resolve("data"));
        TestFiles.copyTree(home.resolve("conf"), base.resolve("conf"));
        for (String dir : List.of("logs", "temp", "webapps", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        int port = ChildProcess.freePort();
        rewriteServerXml(base.resolve("conf/server.xml"), port);
        deployWar(base.resolve("webapps"));

        // README: "start with bin/catalina.sh run"; data directory through CATALINA_OPTS
        ProcessBuilder tomcat = new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run")
                .directory(work.toFile());
        Map<String, String> env = tomcat.environment();
        env.keySet().removeIf(key -> key.startsWith("CATALINA_") || key.equals("JRE_HOME") || key.equals("JAVA_OPTS"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("CATALINA_HOME", home.toString());
        env.put("CATALINA_BASE", base.toString());
        env.put("CATALINA_OPTS", "-Dmcp.oauth.data-dir=" + data);
        try (ChildProcess process = start("tomcat", tomcat, work.resolve("tomcat.log"))) {
            exercise(process, "http://localhost:" + port + CONTEXT, "tomcat");
            assertDataDirectoryUsed(data, work);
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void jetty12RunsTheUnmodifiedWarAtANonRootContextWithOAuthRestAndWebSocket() throws Exception {
        Path home = TestFiles.existingDir("sample.jetty.home");
        Path work = TestFiles.freshDir(TestFiles.targetDir().resolve("standalone/jetty"));
        Path base = Files.createDirectories(work.resolve("base"));
        Path data = Files.createDirectories(work.resolve("data"));
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        String startJar = home.resolve("start.jar").toString();

        // README: in a Jetty base directory, add the modules once, copy the WAR into webapps/, start
        int added = ChildProcess.run("jetty --add-modules", new ProcessBuilder(ChildProcess.javaCommand(), "-jar", startJar,
                "--add-modules=http,ee10-deploy,ee10-annotations,ee10-websocket-jakarta").directory(base.toFile()),
                work.resolve("jetty-add-modules.log"), Duration.ofMinutes(2));
        assertEquals(0, added, "jetty --add-modules failed; see " + work.resolve("jetty-add-modules.log"));
        deployWar(base.resolve("webapps"));

        int port = ChildProcess.freePort();
        ProcessBuilder jetty = new ProcessBuilder(ChildProcess.javaCommand(), "-Djava.io.tmpdir=" + tmp, "-jar", startJar,
                "jetty.http.port=" + port, "jetty.http.host=127.0.0.1").directory(base.toFile());
        // the data directory the other documented way: the environment variable
        jetty.environment().put("MCP_OAUTH_DATA_DIR", data.toString());
        try (ChildProcess process = start("jetty", jetty, work.resolve("jetty.log"))) {
            exercise(process, "http://localhost:" + port + CONTEXT, "jetty");
            assertDataDirectoryUsed(data, base);
        }
    }

    /** Everything a user of the deployed sample does, over HTTP and the WebSocket; then the log is checked. */
    static void exercise(RunningContainer container, String base, String name) throws Exception {
        SampleClient client = new SampleClient(base);
        String origin = base.substring(0, base.length() - CONTEXT.length());

        HttpResponse<String> dashboard = awaitDeployed(container, client);
        assertTrue(dashboard.body().contains("<title>mcp-oauth-filter sample</title>")
                && dashboard.body().contains("id=\"add-demo\""), "the dashboard page: " + dashboard.body());
        HttpResponse<String> script = client.get(base + "/mcp-client/mcp-oauth.js");
        assertEquals(200, script.statusCode(), "mcp-oauth.js");
        assertTrue(script.headers().firstValue("Content-Type").orElse("").contains("javascript"),
                "mcp-oauth.js content type: " + script.headers().map());
        assertTrue(script.body().contains("createMcpClient"), "mcp-oauth.js is the browser client");

        Map<String, Object> added = client.addServer("demo", client.demoServerUrl());
        String id = (String) added.get("id");
        assertEquals("authenticating", added.get("state"), "add answer: " + added);
        String authUrl = (String) added.get("authUrl");
        assertTrue(authUrl != null && authUrl.startsWith(origin + CONTEXT + "/demo/oauth/authorize?"),
                "authUrl under the context path: " + authUrl);

        Messages messages = new Messages();
        WebSocket socket = client.openWebSocket("/mcp-client/ws", messages);
        try {
            messages.await(container, "the state on open, with server " + id, state -> servers(state).containsKey(id));

            HttpResponse<String> callback = client.answerConsent(authUrl, "approve");
            assertTrue(callback.statusCode() == 302 || callback.statusCode() == 303,
                    "callback answer: " + callback.statusCode() + " " + callback.body());
            URI landing = callback.uri().resolve(callback.headers().firstValue("Location").orElseThrow());
            assertEquals(URI.create(origin + CONTEXT + "/auth-done.html"), withoutQuery(landing), "callback redirect");
            assertEquals(200, client.follow(callback).statusCode(), "the popup landing page");

            Map<String, Object> state = await(container, "server " + id + " ready with the tool echo", () -> {
                Map<String, Object> current = client.state();
                return isReadyWithEcho(current, id) ? current : null;
            });
            assertEquals(client.demoServerUrl(), server(state, id).get("server_url"));
            messages.await(container, "a pushed state with server " + id + " ready", pushed -> isReadyWithEcho(pushed, id));
        } finally {
            socket.abort();
        }

        String text = "hello from " + name + " at " + CONTEXT;
        HttpResponse<String> called = client.postJson(base + "/mcp-client/servers/" + id + "/tools/echo", Map.of("text", text));
        assertEquals(200, called.statusCode(), "tool call: " + called.body());
        Map<String, Object> result = SampleClient.json(called);
        assertEquals(Boolean.FALSE, Objects.requireNonNullElse(result.get("isError"), Boolean.FALSE), "tool result: " + result);
        assertEquals(text, ((Map<?, ?>) ((List<?>) result.get("content")).get(0)).get("text"), "tool result: " + result);

        Matcher bad = BAD_LOG_LINE.matcher(container.logText());
        if (bad.find()) {
            fail(name + " logged an error: " + bad.group() + "\n" + container.logTail(60));
        }
    }

    private static HttpResponse<String> awaitDeployed(RunningContainer container, SampleClient client) {
        return await(container, "the dashboard at " + client.base() + "/ (deploy)", DEPLOY_TIMEOUT, () -> {
            try {
                HttpResponse<String> page = client.get(client.base() + "/");
                return page.statusCode() == 200 ? page : null;
            } catch (UncheckedIOException notYetListening) {
                return null;
            }
        });
    }

    private static ChildProcess start(String name, ProcessBuilder builder, Path log) throws IOException {
        ChildProcess process = ChildProcess.start(name, builder, log);
        STARTED.add(process);
        return process;
    }

    /** Copies the WAR file under test, unchanged, to {@code webapps/sample-war.war} (context {@code /sample-war}). */
    private static void deployWar(Path webapps) throws IOException {
        Path war = SampleApp.war();
        Path deployed = Files.copy(war, webapps.resolve("sample-war.war"));
        assertEquals(-1L, Files.mismatch(war, deployed), "the deployed WAR is the built file");
    }

    /** HTTP connector on {@code port} (loopback only: the demo authorization server has no login); no shutdown port. */
    private static void rewriteServerXml(Path serverXml, int port) throws IOException {
        String xml = Files.readString(serverXml, StandardCharsets.UTF_8);
        String rewritten = xml.replace("<Server port=\"8005\"", "<Server port=\"-1\"")
                .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + port + "\"");
        if (rewritten.equals(xml) || rewritten.contains("port=\"8005\"") || !rewritten.contains("port=\"" + port + "\"")) {
            throw new IllegalStateException("unexpected conf/server.xml; cannot set the ports: " + serverXml);
        }
        Files.writeString(serverXml, rewritten, StandardCharsets.UTF_8);
    }

    /**
     * The embedded database went where the configuration said, used as given (no per-application
     * subdirectory, which only the default has), not into the container's working directory.
     */
    private static void assertDataDirectoryUsed(Path data, Path workingDirectory) {
        assertTrue(Files.isRegularFile(data.resolve("mcp-oauth.mv.db")), "no database in the configured data directory " + data);
        assertTrue(Files.notExists(data.resolve(CONTEXT.substring(1))), "a per-application subdirectory in " + data);
        assertTrue(Files.notExists(workingDirectory.resolve("mcp-oauth-data")), "data went to the working directory");
    }

    private static boolean isReadyWithEcho(Map<String, Object> state, String id) {
        Map<String, Object> server = server(state, id);
        return server != null && "ready".equals(server.get("state")) && state.get("tools") instanceof List<?> tools
                && tools.stream().anyMatch(t -> t instanceof Map<?, ?> tool && "echo".equals(tool.get("name"))
                        && id.equals(tool.get("serverId")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> servers(Map<String, Object> state) {
        return state.get("servers") instanceof Map<?, ?> servers ? (Map<String, Object>) servers : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> server(Map<String, Object> state, String id) {
        return servers(state).get(id) instanceof Map<?, ?> server ? (Map<String, Object>) server : null;
    }

    private static URI withoutQuery(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath());
    }

    private static <T> T await(RunningContainer container, String what, Supplier<T> probe) {
        return await(container, what, FLOW_TIMEOUT, probe);
    }

    /** Polls {@code probe} until it answers non-null; fails at once if the container died, or after {@code timeout}. */
    private static <T> T await(RunningContainer container, String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (!container.isAlive()) {
                fail(container + " exited while waiting for " + what + "\n" + container.logTail(60));
            }
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout + " waiting for " + what + "\n" + container.logTail(60));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** The socket's text messages (each {@code {"type":"cf_agent_mcp_servers","mcp":...}}), whole. */
    private static final class Messages implements WebSocket.Listener {

        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile String closed;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed = statusCode + " " + reason;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed = "error " + error;
        }

        /** Waits for a {@code cf_agent_mcp_servers} message whose {@code mcp} object satisfies {@code condition}. */
        @SuppressWarnings("unchecked")
        void await(RunningContainer container, String what, Predicate<Map<String, Object>> condition) throws InterruptedException {
            long deadline = System.nanoTime() + FLOW_TIMEOUT.toNanos();
            StringBuilder seen = new StringBuilder();
            while (System.nanoTime() - deadline < 0) {
                String text = received.poll(200, TimeUnit.MILLISECONDS);
                if (text == null) {
                    if (closed != null && received.isEmpty()) {
                        fail("the WebSocket closed (" + closed + ") before " + what + "; received: " + seen);
                    }
                    continue;
                }
                seen.append(text).append('\n');
                Map<String, Object> message = SampleClient.JSON.readValue(text, Map.class);
                if ("cf_agent_mcp_servers".equals(message.get("type")) && message.get("mcp") instanceof Map<?, ?> mcp
                        && condition.test((Map<String, Object>) mcp)) {
                    return;
                }
            }
            fail("timed out waiting on the WebSocket for " + what + "; received: " + seen + "\n" + container.logTail(40));
        }
    }
}
