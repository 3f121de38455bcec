package io.github.mcpoauth.web;

import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketConfiguration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Jetty 12 ee10: WebAppContext with annotation, fragment and Jakarta WebSocket configurations. */
final class JettyContainer implements Container {

    private Server server;
    private ServerConnector connector;
    private int port;

    @Override
    public Container onPort(int port) {
        this.port = port;
        return this;
    }

    @Override
    public void start(Map<String, Path> wars, Map<String, Map<String, String>> contexts) throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        Handler.Sequence handlers = new Handler.Sequence();
        wars.forEach((path, war) -> handlers.addHandler(webApp(war, path, contexts.getOrDefault(path, Map.of()))));
        server.setHandler(handlers);
        server.start();
    }

    static WebAppContext webApp(Path war, String contextPath, Map<String, String> params) {
        WebAppContext context = new WebAppContext(war.toString(), contextPath);
        context.addConfiguration(new AnnotationConfiguration(), new JakartaWebSocketConfiguration());
        context.setThrowUnavailableOnStartupException(true);
        // Tomcat's WebSocket SCI is on the same test classpath; a real Jetty has none
        context.setAttribute("org.eclipse.jetty.containerInitializerExclusionPattern", "org\\.apache\\..*");
        params.forEach(context::setInitParameter);
        return context;
    }

    @Override
    public Object attribute(String contextPath, String name) {
        for (WebAppContext context : server.getDescendants(WebAppContext.class)) {
            if (context.getContextPath().equals(contextPath)) {
                return context.getServletContext().getAttribute(name);
            }
        }
        throw new IllegalArgumentException("no context at " + contextPath);
    }

    @Override
    public String origin() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}
