package io.github.mcpoauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Redeploying the sample five times, each time with the demo server made ready through the whole
 * OAuth flow, leaves nothing behind: no leaked-thread or JDBC warning in the container's log, no
 * thread of an old deployment alive, and every old web-app class loader collected (counted live
 * after a full GC with {@code jcmd}). Tomcat reloads through its manager application (whose
 * find-leaks must report nothing), Jetty through its deployer's scanner (the WAR removed, then back).
 * Working directories are under {@code target/redeploy/}.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "starts Tomcat through bin/catalina.sh")
class RedeployIT {

    private static final String CONTEXT = "/sample-war";
    private static final int RELOADS = 5;
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(45);
    private static final String TOMCAT_LOADER = "org.apache.catalina.loader.ParallelWebappClassLoader";
    /** Jetty 12.1's web-app loader, and 12.0's. */
    private static final List<String> JETTY_LOADERS = List.of("org.eclipse.jetty.ee.webapp.WebAppClassLoader",
            "org.eclipse.jetty.ee10.webapp.WebAppClassLoader");
    private static final Pattern JETTY_STOPPED = Pattern.compile("Stopped oeje10w.WebAppContext@");
    /** What a container logs about an application that left something behind when it stopped. */
    private static final Pattern LEAK_WARNING = Pattern.compile(
            "(?im)^.*(appears to have started a thread|failed to unregister|failed to stop it|memory leak"
                    + "|registered the JDBC driver|created a ThreadLocal).*$");

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void tomcatReloadsFiveTimesWithoutLeakingThreadsOrClassLoaders() throws Exception {
        Path work = TestFiles.freshDir(TestFiles.targetDir().resolve("redeploy/tomcat"));
        Path data = Files.createDirectories(work.resolve("data"));
        int port = ChildProcess.freePort();
        StandaloneTomcat tomcat = new StandaloneTomcat(TestFiles.existingDir("sample.tomcat.home"),
                Files.createDirectories(work.resolve("base")), port).prepare(SampleApp.war(), "sample-war.war", true);
        // -Dredeploy.java.home runs Tomcat on another JDK (e.g. 21+, where the JDK HTTP client can be shut down)
        String javaHome = System.getProperty("redeploy.java.home", System.getProperty("java.home"));
        try (ChildProcess process = ChildProcess.start("tomcat", tomcat.command(work, javaHome,
                "-Dmcp.oauth.data-dir=" + data), work.resolve("tomcat.log"))) {
            JvmProbe jvm = new JvmProbe(process.pid(), Path.of(javaHome));
            SampleClient client = new SampleClient(tomcat.origin() + CONTEXT);
            makeDemoReady(process, client);
            int loaders = jvm.liveInstances(TOMCAT_LOADER);
            Map<String, Long> threadsBefore = ThreadCensus.of(jvm.threadNames());
            System.out.println("[redeploy] tomcat after the first deploy: " + loaders + " web-app class loaders; threads "
                    + threadsBefore);

            for (int i = 1; i <= RELOADS; i++) {
                String answer = tomcat.manager("reload?path=" + CONTEXT);
                assertTrue(answer.startsWith("OK"), "reload " + i + ": " + answer);
                makeDemoReady(process, client);
            }

            int after = settle(process, "old class loaders collected", () -> jvm.liveInstances(TOMCAT_LOADER),
                    n -> n <= loaders);
            Map<String, Long> threadsAfter = ThreadCensus.of(jvm.threadNames());
            System.out.println("[redeploy] tomcat after " + RELOADS + " reloads: " + after + " web-app class loaders; threads "
                    + threadsAfter);
            assertEquals(loaders, after, "live " + TOMCAT_LOADER + " instances");
            ThreadCensus.assertOneDeploymentsWorth(threadsAfter);

            String leaks = tomcat.manager("findleaks?statusLine=true");
            System.out.println("[redeploy] findleaks: " + leaks.strip());
            assertTrue(leaks.startsWith("OK") && !leaks.contains(CONTEXT), "findleaks: " + leaks);
            assertNoLeakWarnings(process);
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void jettyRedeploysFiveTimesWithoutLeakingThreadsOrClassLoaders() throws Exception {
        Path home = TestFiles.existingDir("sample.jetty.home");
        Path work = TestFiles.freshDir(TestFiles.targetDir().resolve("redeploy/jetty"));
        Path base = Files.createDirectories(work.resolve("base"));
        Path data = Files.createDirectories(work.resolve("data"));
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        String startJar = home.resolve("start.jar").toString();
        int added = ChildProcess.run("jetty --add-modules", new ProcessBuilder(ChildProcess.javaCommand(), "-jar", startJar,
                "--add-modules=http,ee10-deploy,ee10-annotations,ee10-websocket-jakarta").directory(base.toFile()),
                work.resolve("jetty-add-modules.log"), Duration.ofMinutes(2));
        assertEquals(0, added, "jetty --add-modules failed; see " + work.resolve("jetty-add-modules.log"));
        Path war = Files.copy(SampleApp.war(), base.resolve("webapps/sample-war.war"));
        int port = ChildProcess.freePort();
        ProcessBuilder jetty = new ProcessBuilder(ChildProcess.javaCommand(), "-Djava.io.tmpdir=" + tmp, "-jar", startJar,
                "jetty.http.port=" + port, "jetty.http.host=127.0.0.1", "jetty.deploy.scanInterval=1")
                .directory(base.toFile());
        jetty.environment().put("MCP_OAUTH_DATA_DIR", data.toString());
        try (ChildProcess process = ChildProcess.start("jetty", jetty, work.resolve("jetty.log"))) {
            JvmProbe jvm = new JvmProbe(process.pid(), Path.of(System.getProperty("java.home")));
            SampleClient client = new SampleClient("http://localhost:" + port + CONTEXT);
            makeDemoReady(process, client);
            int loaders = jettyLoaders(jvm);
            assertEquals(1, loaders, "one web-app class loader after the first deploy");
            Map<String, Long> threadsBefore = ThreadCensus.of(jvm.threadNames());
            System.out.println("[redeploy] jetty after the first deploy: " + loaders + " web-app class loaders; threads "
                    + threadsBefore);

            Path parked = work.resolve("sample-war.war");
            for (int i = 1; i <= RELOADS; i++) {
                // undeploy, then deploy: Jetty 12.1 replaces a changed WAR by starting the new context
                // before stopping the old, and the embedded H2 database is locked by the old one
                long stopped = JETTY_STOPPED.matcher(process.logText()).results().count();
                Files.move(war, parked);
                await(process, "undeploy " + i, DEPLOY_TIMEOUT,
                        () -> JETTY_STOPPED.matcher(process.logText()).results().count() > stopped ? Boolean.TRUE : null);
                Files.move(parked, war);
                makeDemoReady(process, client);
            }

            int after = settle(process, "old class loaders collected", () -> jettyLoaders(jvm),
                    n -> n <= loaders);
            Map<String, Long> threadsAfter = ThreadCensus.of(jvm.threadNames());
            System.out.println("[redeploy] jetty after " + RELOADS + " redeploys: " + after + " web-app class loaders; threads "
                    + threadsAfter);
            assertEquals(loaders, after, "live Jetty WebAppClassLoader instances");
            ThreadCensus.assertOneDeploymentsWorth(threadsAfter);
            assertNoLeakWarnings(process);
        }
    }

    private static int jettyLoaders(JvmProbe jvm) {
        return JETTY_LOADERS.stream().mapToInt(jvm::liveInstances).sum();
    }

    /** Adds the demo server and answers its consent page; waits until it is ready. */
    static void makeDemoReady(ChildProcess container, SampleClient client) {
        await(container, "the dashboard at " + client.base() + "/", DEPLOY_TIMEOUT, () -> {
            try {
                HttpResponse<String> page = client.get(client.base() + "/");
                return page.statusCode() == 200 ? page : null;
            } catch (UncheckedIOException notYetListening) {
                return null;
            }
        });
        Map<String, Object> added = client.addServer("demo", client.demoServerUrl());
        String id = (String) added.get("id");
        if ("authenticating".equals(added.get("state"))) {
            client.answerConsent((String) added.get("authUrl"), "approve");
        }
        await(container, "server " + id + " ready", SETTLE_TIMEOUT, () -> {
            Object servers = client.state().get("servers");
            return servers instanceof Map<?, ?> all && all.get(id) instanceof Map<?, ?> server
                    && "ready".equals(server.get("state")) ? server : null;
        });
        HttpResponse<String> called = client.postJson(client.base() + "/mcp-client/servers/" + id + "/tools/echo",
                Map.of("text", "redeploy"));
        assertEquals(200, called.statusCode(), "tool call: " + called.body());
    }

    static void assertNoLeakWarnings(ChildProcess container) {
        // the container's own utility threads are its business (Tomcat names one it started from a request)
        List<String> warnings = LEAK_WARNING.matcher(container.logText()).results().map(r -> r.group())
                .filter(line -> !line.contains("thread named [Catalina-utility-")).toList();
        assertTrue(warnings.isEmpty(), () -> "the container warned of leaks:\n" + String.join("\n", warnings));
    }

    /** Polls {@code probe} until {@code done}; its last value, whether or not done (the caller asserts). */
    static <T> T settle(ChildProcess container, String what, Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() - deadline < 0) {
            assertTrue(container.isAlive(), () -> container + " exited while waiting for " + what);
            Thread.sleep(1_000);
            value = probe.get();
        }
        return value;
    }

    static <T> T await(ChildProcess container, String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            assertFalse(!container.isAlive(), () -> container + " exited while waiting for " + what + "\n"
                    + container.logTail(60));
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
}
