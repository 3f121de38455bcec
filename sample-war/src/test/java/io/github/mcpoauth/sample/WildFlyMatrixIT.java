package io.github.mcpoauth.sample;

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
}
