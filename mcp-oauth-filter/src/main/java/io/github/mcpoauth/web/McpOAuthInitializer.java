package io.github.mcpoauth.web;

import io.github.mcpoauth.config.McpOAuthConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.Set;

/**
 * Activates the drop-in where its {@code web-fragment.xml} was not processed: an application whose
 * web.xml is {@code metadata-complete="true"} (Servlet 6.0 section 8.1.6), such as Tomcat's own
 * examples. Initializers still run there (section 8.2.4), while fragments are ignored.
 *
 * <p>A processed fragment has declared the filter and the callback servlet by the time initializers
 * run; then this does nothing and the fragment's listener starts the module, so it starts once
 * either way. Otherwise this declares and maps them itself (a listener added here may not, section
 * 4.4) and adds {@link McpOAuthListener}. An {@code <absolute-ordering>} that leaves out the
 * fragment {@code mcp_oauth_filter} also leaves out this jar's initializer (section 8.2.4), so an
 * application can still exclude the module on purpose; {@code mcp.oauth.disabled=true} still
 * turns it off.
 */
public final class McpOAuthInitializer implements ServletContainerInitializer {

    /** The configuration read here, handed to the listener; its presence means this initializer activated. */
    static final String CONFIG_ATTRIBUTE = McpOAuthInitializer.class.getName() + ".config";

    @Override
    public void onStartup(Set<Class<?>> types, ServletContext ctx) {
        FilterRegistration filter = ctx.getFilterRegistration(McpOAuthListener.FILTER_NAME);
        ServletRegistration servlet = ctx.getServletRegistration(McpOAuthListener.SERVLET_NAME);
        if (filter != null && servlet != null) {
            return;
        }
        McpOAuthConfig config = McpOAuthListener.config(ctx, filter);
        ctx.setAttribute(CONFIG_ATTRIBUTE, config);
        if (!config.disabled()) {
            McpOAuthListener.mapFilter(ctx, filter, config.path());
            McpOAuthListener.mapServlet(ctx, config.path());
        }
        ctx.addListener(McpOAuthListener.class);
    }
}
