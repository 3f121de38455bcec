package io.github.mcpoauth.web;

/** Elicitation through the drop-in in Tomcat 11. */
class TomcatElicitationTest extends ElicitationContract {

    @Override
    Container newContainer() {
        return new TomcatContainer();
    }
}
