package io.github.mcpoauth.sample.launcher;

import io.github.mcpoauth.config.McpOAuthConfig;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.FileSessionDataStoreFactory;

/**
 * Runs the sample WAR file, unmodified, on embedded Jetty 12 (ee10) at the context root: what
 * {@code mvn -Prun package} starts. The port comes from {@code -Dport} or {@code PORT} (default 8080),
 * the listening address from {@code -Dhost} or {@code HOST} (default loopback only: the demo
 * authorization server has no login, so it should not be reachable from the network by default).
 *
 * <p>Not part of the WAR; Jetty is only on this launcher's class path.
 */
public final class SampleLauncher {

    private static final String CONTEXT_PATH = "/";

    private SampleLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
            System.err.println("usage: SampleLauncher <path to sample-war.war>");
            System.exit(2);
        }
        // Hibernate's start-up INFO lines would bury the address printed below
        System.getProperties().putIfAbsent("org.jboss.logging.provider", "slf4j");
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.org.hibernate", "warn");
        int port = port(setting("port", "PORT", "8080"));
        String host = setting("host", "HOST", "127.0.0.1");
        Server server;
        try {
            server = start(Path.of(args[0]), host, port, Map.of());
        } catch (IOException e) {
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                System.err.println("Port " + port + " is in use. Choose another one: PORT=9090 mvn -Prun package");
                System.exit(1);
            }
            throw e;
        }
        String shown = host.equals("127.0.0.1") || host.equals("0.0.0.0") ? "localhost" : host;
        System.out.println();
        System.out.println("  mcp-oauth-filter sample: http://" + shown + ":" + port + "/");
        System.out.println("  demo MCP server:         http://" + shown + ":" + port + "/demo/mcp"
                + "  (demo authorization server: for evaluation only)");
        System.out.println("  Ctrl-C stops it. Data (servers, tokens) is kept in ./mcp-oauth-data/ROOT");
        System.out.println();
        server.join();
    }

    /**
     * Starts {@code war} at {@code /} on {@code host:port} (0: any free port) with extra
     * context-params; returns the started server. Throws if the web application fails to start.
     */
    public static Server start(Path war, String host, int port, Map<String, String> contextParams) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.addBean(sessionStore(contextParams));
        WebAppContext context = new WebAppContext(war.toAbsolutePath().toString(), CONTEXT_PATH);
        context.addConfiguration(new AnnotationConfiguration(), new JakartaWebSocketConfiguration());
        // scan only the module's jars for fragments and initializers: the rest have none, and it starts faster
        context.setAttribute("org.eclipse.jetty.server.webapp.WebInfIncludeJarPattern", ".*/mcp-oauth-[^/]*\\.jar$");
        context.setThrowUnavailableOnStartupException(true);
        contextParams.forEach(context::setInitParameter);
        server.setHandler(context);
        server.setStopAtShutdown(true);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return server;
    }

    /**
     * Sessions kept in files beside the sample's data: the module's owner id lives in the HTTP
     * session, so a browser still sees its servers after the sample restarts.
     */
    private static FileSessionDataStoreFactory sessionStore(Map<String, String> contextParams) throws IOException {
        // the module's own reading of mcp.oauth.data-dir (system property, environment, these params)
        Path sessions = McpOAuthConfig.forApplication(CONTEXT_PATH, null, contextParams::get).dataDirectory().resolve("sessions");
        if (!Files.isDirectory(sessions)) {
            Files.createDirectories(sessions);
            try {
                // file names are session ids: only this user may list them
                Files.setPosixFilePermissions(sessions, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the parent directory's ACL applies
            }
        }
        FileSessionDataStoreFactory store = new FileSessionDataStoreFactory();
        store.setStoreDir(sessions.toFile());
        return store;
    }

    /** The port the server listens on (useful when started with port 0). */
    public static int localPort(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("PORT (or -Dport) must be a number from 0 to 65535, not: " + value);
        System.exit(2);
        return -1;
    }
}
