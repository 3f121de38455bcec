package io.github.mcpoauth.sample;

import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Five redeploys of the sample by WildFly 39's deployment scanner ({@code .dodeploy} markers), with
 * the sample's default JPA store (Hibernate 6.6 and H2 in the WAR, WildFly's own Persistence API):
 * the case where Hibernate's caches inside WildFly's annotation classes used to keep every old
 * deployment's class loader. Idle request threads end after a second ({@link
 * WildFlyServer#idleWorkersEnd()}): an idle worker otherwise holds its last request, and with it an
 * old deployment, until it serves another.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "starts WildFly through bin/standalone.sh")
class WildFlyRedeployIT extends RedeployContract {

    @Override
    StandaloneServer newServer() throws Exception {
        return new WildFlyServer("wildfly-redeploy").idleWorkersEnd();
    }
}
