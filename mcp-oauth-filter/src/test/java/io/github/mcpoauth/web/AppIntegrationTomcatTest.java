package io.github.mcpoauth.web;

/** The app's use of the public hooks in Tomcat 11. */
class AppIntegrationTomcatTest extends AppIntegrationContract {

    @Override
    Container newContainer() {
        return new TomcatContainer();
    }
}
