package io.github.mcpoauth.cdi;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;

/**
 * What a Jakarta EE container's built-in beans give the integration, for Weld SE: the application's
 * real ServletContext (with the module started in it) and, per request scope, an HTTP request
 * whose owner the test chooses ({@code mcp.oauth.owner=attribute:user}; null: no owner).
 */
@Dependent
public class SimulatedRequests {

    static volatile ServletContext context;
    static volatile String owner;

    @Produces
    @Dependent
    ServletContext context() {
        return context;
    }

    @Produces
    @RequestScoped
    HttpServletRequest request() {
        String user = owner;
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> "user".equals(args[0]) ? user : null;
                    case "getServletContext" -> context;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "simulated request of " + user;
                    default -> null; // no session: the module then remembers the owner nowhere
                });
    }
}
