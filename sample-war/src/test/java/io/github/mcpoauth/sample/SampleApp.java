package io.github.mcpoauth.sample;

import io.github.mcpoauth.sample.launcher.SampleLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Server;

/**
 * The sample WAR file (built by Maven before the integration tests) running on embedded Jetty at
 * {@code /} on a free loopback port, through the same launcher as {@code mvn -Prun package}, with
 * its own data directory.
 */
final class SampleApp implements AutoCloseable {

    private final Server server;
    private final Path dataDir;

    private SampleApp(Server server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    static SampleApp start(Path dataDir) throws Exception {
        return start(dataDir, 0);
    }

    /** Starts on {@code port} (0: a free one); a restart on the same port and data keeps what users stored. */
    static SampleApp start(Path dataDir, int port) throws Exception {
        Server server = SampleLauncher.start(war(), "127.0.0.1", port, Map.of("mcp.oauth.data-dir", dataDir.toString()));
        return new SampleApp(server, dataDir);
    }

    int port() {
        return SampleLauncher.localPort(server);
    }

    static SampleApp start() throws Exception {
        return start(newDataDir());
    }

    /** A fresh data directory beside the WAR, under {@code target/}, so {@code mvn clean} removes it. */
    static Path newDataDir() throws java.io.IOException {
        return Files.createTempDirectory(war().getParent(), "sample-data");
    }

    /** The WAR file under test: {@code sample.war}, set by the failsafe configuration. */
    static Path war() {
        String war = System.getProperty("sample.war");
        if (war == null || !Files.isRegularFile(Path.of(war))) {
            throw new IllegalStateException("sample.war must name the built WAR file (run through mvn verify): " + war);
        }
        return Path.of(war);
    }

    /** {@code http://localhost:<port>}: the host name a user types, and the one the page's links use. */
    String origin() {
        return "http://localhost:" + SampleLauncher.localPort(server);
    }

    /**
     * Makes the sessions started from now on use a {@code SameSite=Strict} cookie, as an application
     * may configure it; the WAR, unmodified, says Lax. Set on the running container's session handler,
     * because the WAR's web.xml sets the attribute while the context starts.
     */
    void strictSessionCookie() {
        ((WebAppContext) server.getHandler()).getSessionHandler().setSameSite(HttpCookie.SameSite.STRICT);
    }

    Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
