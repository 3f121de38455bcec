package io.github.mcpoauth.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The container matrix on a standalone WildFly 39 (Jakarta EE 10, default standalone.xml). */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "starts WildFly through bin/standalone.sh")
class WildFlyMatrixIT extends ContainerMatrixContract {

    @Override
    StandaloneServer newServer() throws Exception {
        return new WildFlyServer("wildfly-matrix");
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
