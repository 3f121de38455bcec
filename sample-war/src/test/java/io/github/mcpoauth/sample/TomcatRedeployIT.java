package io.github.mcpoauth.sample;

import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Five reloads of the sample through Tomcat 11's manager, whose find-leaks must report nothing. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "starts Tomcat through bin/catalina.sh")
class TomcatRedeployIT extends RedeployContract {

    @Override
    StandaloneServer newServer() throws Exception {
        return new TomcatServer("tomcat-redeploy").withManager();
    }
}
