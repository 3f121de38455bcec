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
    private int port;

    @Override
    public Container onPort(int port) {
        this.port = port;
        return this;
    }

    @Override
    public void start(Map<String, Path> wars, Map<String, Map<String, String>> contexts) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        for (Map.Entry<String, Path> e : wars.entrySet()) {
            Context context = tomcat.addWebapp(e.getKey(), e.getValue().toString());
            ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
            // Jetty's SCIs are on the same test classpath, and so is the module's own (target/classes);
            // a real Tomcat has neither: the module's initializer comes from the WAR's WEB-INF/lib only
            context.setContainerSciFilter("org\\.eclipse\\.jetty\\..*|io\\.github\\.mcpoauth\\..*");
            contexts.getOrDefault(e.getKey(), Map.of()).forEach(context::addParameter);
        }
        tomcat.start();
        for (var child : tomcat.getHost().findChildren()) {
            if (child.getState() != LifecycleState.STARTED) {
                throw new IllegalStateException("context " + child.getName() + " did not start");
            }
        }
    }

    @Override
    public Object attribute(String contextPath, String name) {
        Context context = (Context) tomcat.getHost().findChild(contextPath);
        if (context == null) {
            throw new IllegalArgumentException("no context at " + contextPath);
        }
        return context.getServletContext().getAttribute(name);
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
