package io.github.mcpoauth.sample;

/** The container matrix on a standalone Eclipse Jetty 12 (ee10). */
class JettyMatrixIT extends ContainerMatrixContract {

    @Override
    StandaloneServer newServer() throws Exception {
        return new JettyServer("jetty-matrix");
    }
}
