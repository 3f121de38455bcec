package io.github.mcpoauth.web;

/** The drop-in in Tomcat 11. */
class TomcatDropInTest extends DropInContract {

    @Override
    Container newContainer() {
        return new TomcatContainer();
    }
}
