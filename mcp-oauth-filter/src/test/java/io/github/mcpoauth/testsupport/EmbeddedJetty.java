package io.github.mcpoauth.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An embedded Jetty 12 bound to {@code 127.0.0.1} on a free port.
 *
 * <p>Two phases, so that servlets can be built knowing their own URL: {@link #bind()} opens the
 * port, {@link #start(ServletContextHandler)} serves a context on it. {@link #close()} stops the
 * server and releases the port, whether or not it was started.
 */
public final class EmbeddedJetty implements AutoCloseable {

    /** Upper bound for {@link #start(ServletContextHandler)}. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Server server;
    private final ServerConnector connector;

    private EmbeddedJetty(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Opens a listening socket on {@code 127.0.0.1} with an ephemeral port; nothing is served yet. */
    public static EmbeddedJetty bind() {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("test-jetty");
        threads.setDaemon(true);
        Server server = new Server(threads);
        server.setStopTimeout(0); // no graceful phase: open SSE streams are cut, stop is immediate
        server.setStopAtShutdown(false);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        try {
            connector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1:0", e);
        }
        return new EmbeddedJetty(server, connector);
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return connector.getLocalPort();
    }

    /**
     * Serves {@code context} and returns once Jetty is started, or fails after {@link #START_TIMEOUT}.
     */
    public void start(ServletContextHandler context) {
        server.setHandler(context);
        FutureTask<Void> starting = new FutureTask<>(() -> {
            server.start();
            return null;
        });
        Thread starter = new Thread(starting, "test-jetty-start-" + port());
        starter.setDaemon(true);
        starter.start();
        try {
            starting.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting Jetty", e);
        } catch (ExecutionException e) {
            close();
            throw new IllegalStateException("Jetty failed to start", e.getCause());
        } catch (TimeoutException e) {
            close();
            throw new IllegalStateException("Jetty did not start within " + START_TIMEOUT, e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty failed to stop", e);
        } finally {
            connector.close();
        }
    }
}
