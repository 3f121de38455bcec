package io.github.mcpoauth.sample;

/** Five in-place redeploys of the sample by Jetty 12's deployer: the WAR replaced while the old context runs. */
class JettyRedeployIT extends RedeployContract {

    @Override
    StandaloneServer newServer() throws Exception {
        return new JettyServer("jetty-redeploy");
    }
}
