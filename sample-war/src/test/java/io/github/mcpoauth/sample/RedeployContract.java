package io.github.mcpoauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redeploying the sample five times, each time with the demo server made ready through the whole
 * OAuth flow, leaves nothing behind: no leaked-thread or JDBC warning in the container's log (nor in
 * the container's own leak report, where it has one), no thread of an old deployment alive, and
 * every old web-app class loader collected (counted live after a full GC with {@code jcmd}).
 * Each container redeploys its own way; working directories are under {@code target/standalone/}.
 */
abstract class RedeployContract {

    static final String CONTEXT = "sample-war";
    private static final int RELOADS = 5;
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(45);
    /** What a container logs about an application that left something behind when it stopped. */
    private static final Pattern LEAK_WARNING = Pattern.compile(
            "(?im)^.*(appears to have started a thread|failed to unregister|failed to stop it|memory leak"
                    + "|registered the JDBC driver|created a ThreadLocal).*$");

    private StandaloneServer server;

    /** The container under test, not started. */
    abstract StandaloneServer newServer() throws Exception;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void fiveRedeploysWithAServerReadyLeaveNoThreadNorClassLoaderBehind() throws Exception {
        server = newServer();
        server.deploy(SampleApp.war(), CONTEXT);
        server.start();
        SampleClient client = new SampleClient(server.origin() + "/" + CONTEXT);
        makeDemoReady(client);
        JvmProbe jvm = server.jvm();
        int loaders = server.liveDeploymentLoaders(jvm, CONTEXT);
        Map<String, Long> threadsBefore = ThreadCensus.of(jvm.threadNames());
        System.out.println("[redeploy] " + server.name() + " after the first deploy: " + loaders
                + " web-app class loaders; threads " + threadsBefore);

        for (int i = 1; i <= RELOADS; i++) {
            server.redeploy(CONTEXT);
            makeDemoReady(client);
        }

        int after = settle("old class loaders collected", () -> server.liveDeploymentLoaders(jvm, CONTEXT),
                n -> n <= loaders);
        Map<String, Long> threadsAfter = ThreadCensus.of(jvm.threadNames());
        System.out.println("[redeploy] " + server.name() + " after " + RELOADS + " redeploys: " + after
                + " web-app class loaders; threads " + threadsAfter);
        assertEquals(loaders, after, "live web-app class loaders after " + RELOADS + " redeploys");
        ThreadCensus.assertOneDeploymentsWorth(threadsAfter);
        assertEquals("", server.leakReport(CONTEXT), "the container's leak report");
        // the container's own utility threads are its business (Tomcat names one it started from a request)
        List<String> warnings = LEAK_WARNING.matcher(server.logText()).results().map(r -> r.group())
                .filter(line -> !line.contains("thread named [Catalina-utility-")).toList();
        assertTrue(warnings.isEmpty(), () -> "the container warned of leaks:\n" + String.join("\n", warnings));
    }

    /** Adds the demo server (again, after a redeploy) and answers its consent page; waits until a tool call works. */
    private void makeDemoReady(SampleClient client) {
        ContainerFlows.awaitDeployed(server.process(), client);
        ContainerFlows.awaitApi(server.process(), client);
        Map<String, Object> added = client.addServer("demo", client.demoServerUrl());
        String id = (String) added.get("id");
        if ("authenticating".equals(added.get("state"))) {
            client.answerConsent((String) added.get("authUrl"), "approve");
        }
        ContainerFlows.awaitReady(server.process(), client, id, "echo");
        ContainerFlows.assertEchoes(client, id, "echo", "redeployed");
    }

    /** Polls {@code probe} until {@code done}; its last value, whether or not done (the caller asserts). */
    private <T> T settle(String what, Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() - deadline < 0) {
            assertTrue(server.process().isAlive(), () -> server + " exited while waiting for " + what);
            Thread.sleep(1_000);
            value = probe.get();
        }
        return value;
    }
}
