package io.github.mcpoauth.web;

/** Activation in metadata-complete and fragment-excluding applications, in Tomcat 11. */
class TomcatActivationTest extends ActivationContract {

    @Override
    Container newContainer() {
        return new TomcatContainer();
    }
}
