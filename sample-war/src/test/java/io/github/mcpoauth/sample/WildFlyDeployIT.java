package io.github.mcpoauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The sample WAR file, byte for byte as Maven built it, dropped into the deployments directory of
 * a standalone WildFly 39 (Jakarta EE 10) with its default configuration: no
 * {@code jboss-deployment-structure.xml}, no subsystem excluded. WildFly scans the jars of
 * {@code WEB-INF/lib}, adds its own Jakarta Persistence 3.1 and SLF4J ahead of them and runs the
 * WebSocket endpoint on Undertow; the sample's JPA store (Hibernate, embedded H2) starts in the data
 * directory given as a system property. Then the same user flow as on Tomcat and Jetty
 * ({@link StandaloneContainersIT#exercise}): dashboard, browser client, OAuth flow to ready, pushed
 * state, tool call, and no error in {@code server.log}.
 *
 * <p>The server's base directory and data directory are under {@code target/standalone/wildfly/}.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "starts WildFly through bin/standalone.sh")
class WildFlyDeployIT {

    private static final String CONTEXT = "sample-war";
    /**
     * The module's start line as WildFly's own log format writes it (SLF4J reaches WildFly's logging),
     * activated by the module's initializer: the sample's web.xml is metadata-complete.
     */
    private static final Pattern STARTED_LINE = Pattern.compile("(?m)^\\S+ \\S+ INFO +\\[io\\.github\\.mcpoauth\\.web\\.McpOAuthListener\\]"
            + " \\([^)]+\\) mcp-oauth-filter started at /sample-war/mcp-client, activated by its ServletContainerInitializer");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void wildFly39RunsTheUnmodifiedWarWithTheJpaStoreOAuthRestAndWebSocket() throws Exception {
        Path home = TestFiles.existingDir("sample.wildfly.home");
        Path work = TestFiles.freshDir(TestFiles.targetDir().resolve("standalone/wildfly"));
        Path data = Files.createDirectories(work.resolve("data"));
        Path jdk = Path.of(System.getProperty("java.home"));

        try (WildFlyProcess wildfly = WildFlyProcess.start(home, work, jdk, ChildProcess.freePort(),
                Map.of("mcp.oauth.data-dir", data.toString()), Map.of())) {
            Path war = SampleApp.war();
            boolean deployed = wildfly.deploy(war, CONTEXT);
            assertTrue(deployed, "WildFly failed the deployment: " + wildfly.failure(CONTEXT).orElse("?") + "\n" + wildfly.logTail(80));

            StandaloneContainersIT.exercise(wildfly, wildfly.url(CONTEXT), "wildfly");

            String log = wildfly.logText();
            assertTrue(STARTED_LINE.matcher(log).find(),
                    "the module's start line, from its initializer, in server.log through WildFly's logging:\n" + wildfly.logTail(60));
            assertTrue(log.contains("MCP OAuth store: jpa"), "the JPA store runs:\n" + wildfly.logTail(60));
            assertTrue(Files.isRegularFile(data.resolve("mcp-oauth.mv.db")), "no database in the configured data directory " + data);
            assertTrue(log.contains("UT026005") && log.contains("/mcp-client/ws"), "the WebSocket endpoint is registered on Undertow");

            wildfly.undeploy(CONTEXT);
            assertTrue(wildfly.logText().contains("WFLYUT0022: Unregistered web context: '/" + CONTEXT + "'"),
                    "undeployed:\n" + wildfly.logTail(40));
            assertEquals(true, wildfly.isAlive(), "WildFly still runs after the undeployment");
        }
    }
}
