package io.github.mcpoauth.sample;

import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Five redeploys of the sample by WildFly 39's deployment scanner ({@code .dodeploy} markers), with
 * the memory store: with the JPA store (Hibernate 6.6 and H2 in the WAR, WildFly's own Persistence
 * API) WildFly keeps every old deployment's class loader, although none of the module's threads
 * survives; the README lists it under known limits.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "starts WildFly through bin/standalone.sh")
class WildFlyRedeployIT extends RedeployContract {

    @Override
    StandaloneServer newServer() throws Exception {
        return new WildFlyServer("wildfly-redeploy").systemProperty("mcp.oauth.store", "memory");
    }
}
