package io.github.mcpoauth.web;

/** The app's use of the public hooks in Jetty 12 (ee10). */
class AppIntegrationJettyTest extends AppIntegrationContract {

    @Override
    Container newContainer() {
        return new JettyContainer();
    }
}
