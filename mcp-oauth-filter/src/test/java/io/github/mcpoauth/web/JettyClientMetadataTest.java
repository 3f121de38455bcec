package io.github.mcpoauth.web;

/** The served Client ID Metadata Document in Jetty 12 (ee10). */
class JettyClientMetadataTest extends ClientMetadataContract {

    @Override
    Container newContainer() {
        return new JettyContainer();
    }
}
