package io.github.mcpoauth.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/** Tomcat 11 embedded: {@code addWebapp} with fragment scanning; the WebSocket SCI is found on the classpath. */
final class TomcatContainer implements Container {

    private Tomcat tomcat;

    @Override
    public void start(Path war, Map<String, Map<String, String>> contexts) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        for (Map.Entry<String, Map<String, String>> e : contexts.entrySet()) {
            Context context = tomcat.addWebapp(e.getKey(), war.toString());
            ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
            // Jetty's SCIs are on the same test classpath; a real Tomcat has none
            context.setContainerSciFilter("org\\.eclipse\\.jetty\\..*");
            e.getValue().forEach(context::addParameter);
        }
        tomcat.start();
        for (var child : tomcat.getHost().findChildren()) {
            if (child.getState() != LifecycleState.STARTED) {
                throw new IllegalStateException("context " + child.getName() + " did not start");
            }
        }
    }

    @Override
    public String origin() {
        return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort();
    }

    @Override
    public void close() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
