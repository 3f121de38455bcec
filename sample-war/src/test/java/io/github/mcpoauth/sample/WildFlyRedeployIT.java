package io.github.mcpoauth.sample;

import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Five redeploys of the sample by WildFly 39's deployment scanner ({@code .dodeploy} markers). */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "starts WildFly through bin/standalone.sh")
class WildFlyRedeployIT extends RedeployContract {

    @Override
    StandaloneServer newServer() throws Exception {
        return new WildFlyServer("wildfly-redeploy");
    }
}
