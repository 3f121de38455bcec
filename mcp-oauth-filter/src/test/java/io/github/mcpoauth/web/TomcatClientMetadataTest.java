package io.github.mcpoauth.web;

/** The served Client ID Metadata Document in Tomcat 11. */
class TomcatClientMetadataTest extends ClientMetadataContract {

    @Override
    Container newContainer() {
        return new TomcatContainer();
    }
}
