package io.github.mcpoauth.cdi;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.client.McpClientManager;
import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.web.McpOAuth;
import io.github.mcpoauth.web.McpOAuthRuntime;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * The producers and the observer {@link McpOAuthExtension} adds. The runtime and the service are
 * the application's single objects, kept in the ServletContext by {@code McpOAuthListener}; they are
 * produced {@code @Dependent} (the same instance every time) because their classes are final and a
 * normal scope would need a client proxy. The manager is produced per injection from the current
 * request ({@code HttpServletRequest} and {@code ServletContext} are the container's built-in
 * beans), so it is refused to beans that outlive a request: one such bean would keep the first
 * caller's manager and hand it to every later owner.
 */
@Dependent
final class McpOAuthBeans {

    private final McpOAuthExtension extension;
    private final Event<Object> events;

    @Inject
    McpOAuthBeans(McpOAuthExtension extension, Event<Object> events) {
        this.extension = extension;
        this.events = events;
    }

    @Produces
    @Dependent
    McpOAuthRuntime runtime(ServletContext context) {
        McpOAuthRuntime runtime = McpOAuth.runtime(context);
        extension.subscribe(runtime, events);
        return runtime;
    }

    @Produces
    @Dependent
    McpClientService service(ServletContext context) {
        return runtime(context).service();
    }

    /** The current request's owner's manager; {@code McpOAuthException} (forbidden) without a request or an owner. */
    @Produces
    @Dependent
    McpClientManager manager(InjectionPoint target, HttpServletRequest request, ServletContext context) {
        refuseLongLived(target);
        McpOAuthRuntime runtime = runtime(context);
        try {
            return runtime.manager(request);
        } catch (ContextNotActiveException e) {
            throw new McpOAuthException(McpOAuthException.Code.FORBIDDEN,
                    "McpClientManager is injected per HTTP request, and no request is active on this thread");
        }
    }

    /** The first request of the application subscribes the events, even before anything is injected. */
    void requestStarted(@Observes @Initialized(RequestScoped.class) ServletRequest request) {
        Object runtime = request.getServletContext().getAttribute(McpOAuthRuntime.ATTRIBUTE);
        if (runtime instanceof McpOAuthRuntime r) {
            extension.subscribe(r, events);
        }
    }

    private static void refuseLongLived(InjectionPoint target) {
        Bean<?> bean = target.getBean();
        if (bean == null || lookedUpPerCall(target)) {
            return;
        }
        Class<?> scope = bean.getScope();
        if (scope != RequestScoped.class && scope != Dependent.class) {
            throw new McpOAuthException(McpOAuthException.Code.FORBIDDEN, "McpClientManager belongs to one request's owner and"
                    + " cannot be injected into " + bean.getBeanClass().getName() + " (@" + scope.getSimpleName()
                    + "); inject it into a @RequestScoped or @Dependent bean, or inject Instance<McpClientManager>"
                    + " and call get() per request");
        }
    }

    /** Whether the manager is looked up through {@code Instance} or {@code Provider}, at each call. */
    private static boolean lookedUpPerCall(InjectionPoint target) {
        Type declared = target.getAnnotated() == null ? target.getType() : target.getAnnotated().getBaseType();
        return declared instanceof ParameterizedType p
                && (p.getRawType() == Instance.class || p.getRawType() == Provider.class);
    }
}
