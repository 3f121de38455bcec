package io.github.mcpoauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The container matrix on a standalone WildFly 39 (Jakarta EE 10, default standalone.xml), plus the
 * CDI integration in a real container: a fifth WAR ({@link MatrixWars#cdi}) whose request-scoped
 * bean is injected with {@code McpClientManager} and whose observer receives {@code McpServerStateChanged}.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "starts WildFly through bin/standalone.sh")
class WildFlyMatrixIT extends ContainerMatrixContract {

    @Override
    StandaloneServer newServer() throws Exception {
        return new WildFlyServer("wildfly-matrix");
    }

    static final String CDI = "cdi";

    @Override
    List<String> deployMore(Path wars) throws Exception {
        server.deploy(MatrixWars.cdi(wars), CDI);
        return List.of(CDI);
    }

    /**
     * Over HTTP: the manager injected into the app's request-scoped bean is the requesting owner's
     * (the same the module resolves; it lists that owner's server and nobody else's), and the app's
     * {@code @Observes McpServerStateChanged} observer received the event of that server, under
     * that owner only.
     */
    @Test
    @Order(3)
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void cdiInjectsTheRequestOwnersManagerAndDeliversStateChangeEvents() {
        SampleClient alice = new SampleClient(base(CDI));
        assertEquals(200, alice.get(base(CDI) + "/mcp-client/servers").statusCode(), "the module's API in the CDI app");
        String id = (String) alice.addServer("secure", mcp.url()).get("id");

        Map<?, ?> seen = ContainerFlows.await(server.process(), "alice's probe to list her server and its event",
                Duration.ofSeconds(30), () -> {
                    Map<?, ?> probe = probe(alice);
                    return probe.get("observed").equals(List.of(id)) ? probe : null;
                });
        assertEquals(true, seen.get("sameOwnerAsTheRequest"), "injected manager's owner: " + seen);
        assertEquals(List.of(id), seen.get("servers"), "injected manager's servers: " + seen);

        Map<?, ?> bob = probe(new SampleClient(base(CDI)));
        assertEquals(Map.of("sameOwnerAsTheRequest", true, "servers", List.of(), "observed", List.of()), bob,
                "another owner's injection and events");
    }

    private Map<?, ?> probe(SampleClient client) {
        HttpResponse<String> answer = client.get(base(CDI) + "/cdi-probe");
        assertEquals(200, answer.statusCode(), "the CDI app's probe: " + answer.body());
        return SampleClient.JSON.readValue(answer.body(), Map.class);
    }

    /** WildFly adds its own SLF4J to every deployment. */
    @Override
    boolean everyAppLogs() {
        return true;
    }

    /** WildFly makes listener classes injectable components; none of the module's may fail that (WFLYEE0007). */
    @Test
    @Order(4)
    void everyComponentOfTheModuleIsInstalledWithoutAWarning() {
        List<String> refused = server.logText().lines()
                .filter(line -> line.contains("WFLYEE0007") && line.contains("io.github.mcpoauth")).toList();
        assertTrue(refused.isEmpty(), "WildFly could not install: " + refused);
    }
}
