package io.github.mcpoauth.sample.demo;

import io.github.mcpoauth.config.McpOAuthConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the sample's demo: an MCP server at {@code /demo/mcp} protected by a demo OAuth 2.1
 * authorization server at {@code /demo/oauth}. FOR EVALUATION ONLY, NOT FOR PRODUCTION: the
 * authorization server has no user login and approves for one fixed demo user.
 *
 * <p>Its signing key lives in the module's data directory ({@code mcp.oauth.data-dir}), so tokens
 * the sample stored stay valid across restarts.
 */
public final class DemoListener implements ServletContextListener {

    private static final Logger log = LoggerFactory.getLogger(DemoListener.class);
    private static final String ATTRIBUTE = DemoMcpServer.class.getName();

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext ctx = event.getServletContext();
        Path dataDir = McpOAuthConfig.forApplication(ctx.getContextPath(), null, ctx::getInitParameter).dataDirectory();
        DemoAuthorizationServer authorizationServer = new DemoAuthorizationServer(DemoKey.loadOrCreate(dataDir),
                Clock.systemUTC());
        DemoMcpServer mcp = new DemoMcpServer();
        ctx.setAttribute(ATTRIBUTE, mcp);

        FilterRegistration.Dynamic bearer = ctx.addFilter("demo-bearer", new DemoBearerFilter(authorizationServer.credentials()));
        bearer.setAsyncSupported(true);
        bearer.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, DemoUrls.MCP_PATH);
        map(ctx, "demo-mcp", mcp.servlet(), DemoUrls.MCP_PATH);
        map(ctx, "demo-authorize", new DemoAuthorizeServlet(authorizationServer), DemoUrls.AS_PATH + "/authorize");
        map(ctx, "demo-token", new DemoTokenServlet(authorizationServer), DemoUrls.AS_PATH + "/token");
        map(ctx, "demo-register", new DemoRegistrationServlet(authorizationServer), DemoUrls.AS_PATH + "/register");
        map(ctx, "demo-resource-metadata", new DemoMetadataServlet(DemoMetadataServlet.Document.PROTECTED_RESOURCE),
                DemoUrls.PROTECTED_RESOURCE_METADATA_PATH);
        map(ctx, "demo-server-metadata", new DemoMetadataServlet(DemoMetadataServlet.Document.AUTHORIZATION_SERVER),
                DemoUrls.AUTHORIZATION_SERVER_METADATA_PATH, DemoUrls.ISSUER_RELATIVE_METADATA_PATH);
        log.info("Demo MCP server at {}{} and demo authorization server at {}{} (for evaluation only, not for production)",
                ctx.getContextPath(), DemoUrls.MCP_PATH, ctx.getContextPath(), DemoUrls.AS_PATH);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (event.getServletContext().getAttribute(ATTRIBUTE) instanceof DemoMcpServer mcp) {
            event.getServletContext().removeAttribute(ATTRIBUTE);
            mcp.close();
        }
    }

    private static void map(ServletContext ctx, String name, HttpServlet servlet, String... patterns) {
        ServletRegistration.Dynamic registration = ctx.addServlet(name, servlet);
        registration.setAsyncSupported(true);
        registration.addMapping(patterns);
    }
}
