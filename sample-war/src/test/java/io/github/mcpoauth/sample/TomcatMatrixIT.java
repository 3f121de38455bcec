package io.github.mcpoauth.sample;

import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The container matrix on a standalone Apache Tomcat 11. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "starts Tomcat through bin/catalina.sh")
class TomcatMatrixIT extends ContainerMatrixContract {

    @Override
    StandaloneServer newServer() throws Exception {
        return new TomcatServer("tomcat-matrix");
    }
}
