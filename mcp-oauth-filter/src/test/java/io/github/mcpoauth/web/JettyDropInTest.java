package io.github.mcpoauth.web;

/** The drop-in in Jetty 12 (ee10). */
class JettyDropInTest extends DropInContract {

    @Override
    Container newContainer() {
        return new JettyContainer();
    }
}
