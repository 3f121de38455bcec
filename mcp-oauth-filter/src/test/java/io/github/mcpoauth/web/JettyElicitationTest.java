package io.github.mcpoauth.web;

/** Elicitation through the drop-in in Jetty 12 (ee10). */
class JettyElicitationTest extends ElicitationContract {

    @Override
    Container newContainer() {
        return new JettyContainer();
    }
}
