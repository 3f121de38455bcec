package io.github.mcpoauth.web;

/** Activation in metadata-complete and fragment-excluding applications, in Jetty 12 (ee10). */
class JettyActivationTest extends ActivationContract {

    @Override
    Container newContainer() {
        return new JettyContainer();
    }
}
