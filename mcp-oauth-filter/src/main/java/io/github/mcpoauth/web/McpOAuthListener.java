package io.github.mcpoauth.web;

import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.internal.ReactorSchedulers;
import io.github.mcpoauth.internal.ws.StateBroadcaster;
import io.github.mcpoauth.internal.ws.StateSocket;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.McpStores;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.time.Clock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the drop-in (declared in {@code META-INF/web-fragment.xml}, or added by
 * {@link McpOAuthInitializer} where the fragment was not processed): reads the configuration once,
 * opens the store, builds the one {@link McpOAuthRuntime}, maps the filter to {@code <path>/*} and
 * the callback servlet to {@code <path>/callback}, and registers the WebSocket at {@code <path>/ws}.
 *
 * <p>The mappings are added here (Servlet 6.0 section 4.4) rather than in the fragment because
 * {@code mcp.oauth.path} is configurable; mapping only that prefix also keeps the filter off every
 * other request of the application. Mappings an application declares itself are kept.
 *
 * <p>It starts the module once per context, even when an application declares it again in its
 * web.xml, and logs one INFO line saying which path activated it and where it answers.
 */
public final class McpOAuthListener implements ServletContextListener {

    /** The filter's name in the fragment; an application's web.xml may set its init-params. */
    public static final String FILTER_NAME = "McpOAuthFilter";
    /** The callback servlet's name in the fragment. */
    public static final String SERVLET_NAME = "McpOAuthCallback";

    private static final Logger log = LoggerFactory.getLogger(McpOAuthListener.class);
    private static final String STARTED_ATTRIBUTE = McpOAuthListener.class.getName() + ".started";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext ctx = event.getServletContext();
        if (ctx.getAttribute(STARTED_ATTRIBUTE) != null) {
            return;
        }
        ctx.setAttribute(STARTED_ATTRIBUTE, Boolean.TRUE);
        Object prepared = ctx.getAttribute(McpOAuthInitializer.CONFIG_ATTRIBUTE);
        ctx.removeAttribute(McpOAuthInitializer.CONFIG_ATTRIBUTE);
        boolean byInitializer = prepared instanceof McpOAuthConfig;
        FilterRegistration filter = byInitializer ? null : ctx.getFilterRegistration(FILTER_NAME);
        McpOAuthConfig config = byInitializer ? (McpOAuthConfig) prepared : config(ctx, filter);
        if (config.disabled()) {
            log.info("mcp-oauth-filter is disabled (mcp.oauth.disabled=true) in {}", ctx.getContextPath());
            return;
        }
        String activation = byInitializer ? "its ServletContainerInitializer, as web-fragment.xml was not processed"
                + " (a metadata-complete web.xml)"
                : filter != null && ctx.getServletRegistration(SERVLET_NAME) != null ? "web-fragment.xml"
                : "McpOAuthListener declared in the application's web.xml";
        OwnerResolver owners = OwnerResolvers.create(config.owner(), ctx.getClassLoader());
        McpStore store = McpStores.open(config, ctx.getClassLoader());
        McpOAuthRuntime runtime;
        McpClientService service = null;
        try {
            IdTokenCapture idTokens = IdTokenCapture.create(config, ctx.getClassLoader(), Clock.systemUTC());
            service = McpClientService.builder().config(config).store(store).idTokenSupplier(idTokens).build();
            runtime = new McpOAuthRuntime(config, store, service, owners, idTokens);
            logClientMetadata(ctx.getContextPath(), config);
        } catch (RuntimeException e) {
            // a refused deployment leaves no thread behind: the service's start them
            if (service != null) {
                service.close();
            }
            store.close();
            throw e;
        }
        try {
            if (!byInitializer) {
                mapFilter(ctx, filter, config.path());
                mapServlet(ctx, config.path());
            }
            registerWebSocket(ctx, runtime);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        ctx.setAttribute(McpOAuthRuntime.ATTRIBUTE, runtime);
        // one INFO line counting the stored servers; each owner's connect when that owner is first seen
        runtime.service().restore();
        log.info("mcp-oauth-filter started at {}{}, activated by {} ({})", ctx.getContextPath(), config.path(),
                activation, config);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Object runtime = event.getServletContext().getAttribute(McpOAuthRuntime.ATTRIBUTE);
        event.getServletContext().removeAttribute(McpOAuthRuntime.ATTRIBUTE);
        event.getServletContext().removeAttribute(STARTED_ATTRIBUTE);
        if (runtime instanceof McpOAuthRuntime r) {
            r.close();
            // last, with every session closed: Reactor's threads would pin this application
            ReactorSchedulers.shutdownIfLoadedBy(event.getServletContext().getClassLoader());
        }
    }

    /** The configuration for this context: system, environment, the filter's init-params, context-params. */
    static McpOAuthConfig config(ServletContext ctx, FilterRegistration filter) {
        Function<String, String> filterParams = filter == null ? null : filter.getInitParameters()::get;
        return McpOAuthConfig.forApplication(ctx.getContextPath(), filterParams, ctx::getInitParameter);
    }

    static void mapFilter(ServletContext ctx, FilterRegistration declared, String path) {
        FilterRegistration filter = declared;
        if (filter == null) {
            FilterRegistration.Dynamic added = ctx.addFilter(FILTER_NAME, McpOAuthFilter.class);
            added.setAsyncSupported(true);
            filter = added;
        }
        if (filter.getUrlPatternMappings().isEmpty() && filter.getServletNameMappings().isEmpty()) {
            // after the app's declared filters: its login or security filter sets the owner
            // (attribute:NAME, or a principal from a wrapping filter) before the API reads it
            filter.addMappingForUrlPatterns(null, true, path + "/*");
        }
    }

    static void mapServlet(ServletContext ctx, String path) {
        ServletRegistration servlet = ctx.getServletRegistration(SERVLET_NAME);
        if (servlet == null) {
            ServletRegistration.Dynamic added = ctx.addServlet(SERVLET_NAME, CallbackServlet.class);
            added.setAsyncSupported(true);
            servlet = added;
        }
        if (servlet.getMappings().isEmpty()) {
            servlet.addMapping(path + "/callback");
        }
    }

    private static void registerWebSocket(ServletContext ctx, McpOAuthRuntime runtime) {
        Object container = ctx.getAttribute(ServerContainer.class.getName());
        if (!(container instanceof ServerContainer server)) {
            log.warn("No Jakarta WebSocket container in {}: live updates at {}/ws are off", ctx.getContextPath(),
                    runtime.config().path());
            return;
        }
        StateBroadcaster broadcaster = new StateBroadcaster(runtime.service(), runtime.json()::write);
        runtime.closeOnShutdown(broadcaster);
        try {
            server.addEndpoint(StateSocket.config(runtime.config().path() + "/ws", broadcaster,
                    new WebHandshakePolicy(runtime.config().owner(), runtime.origins(),
                            runtime.config()::isAppOwner)));
        } catch (DeploymentException e) {
            throw new IllegalStateException("Could not register the WebSocket endpoint " + runtime.config().path() + "/ws", e);
        }
    }

    /** A document URL whose path is not where this context serves it only works behind a proxy that maps it so. */
    private static void logClientMetadata(String contextPath, McpOAuthConfig config) {
        if (!config.servesClientMetadata()) {
            return;
        }
        String url = config.clientMetadataUrl().orElseThrow().toString();
        String local = contextPath + config.path() + ClientMetadataResource.PATH;
        if (config.clientMetadataUrl().orElseThrow().getRawPath().equals(local)) {
            log.info("Serving the Client ID Metadata Document {} at {}", url, local);
        } else {
            log.warn("Serving the Client ID Metadata Document {} at {}: its path differs, so only a proxy mapping"
                    + " one to the other lets authorization servers fetch it", url, local);
        }
    }
}
